import { inflateInPieces } from './zip-inflation.js';

/*
 * A part inflated into a buffer of exactly the size its ZIP directory declares, giving up the
 * moment the data disagrees: a stream that would write one byte past the buffer, ends short of it,
 * runs out of input or is not valid deflate gives null. Memory is the declared size (which the
 * caller has already held to the limits), and time is bounded by it too: input is fed in the
 * counting check's small pieces (inflateInPieces, the loop both run), so the inflater never runs
 * far past the size before it is stopped. A part that lies about its size therefore costs no more than an honest one of the size it claims; the caller then falls
 * back to the counting check (zip-inflation.ts), which gives the verdict. The decoding is fflate's,
 * the inflater the counting check already trusts: a decoder of our own was twice as fast on the
 * bench sheet (57 against 96-112 ms) but would be one more place where a bug makes cells silently
 * wrong, on bytes from a hostile file.
 */

/**
 * `data` inflated into exactly `size` bytes, or null when it does not inflate to exactly that many
 * (or is damaged, or, past RATIO_GRACE_BYTES, has inflated more than MAX_RATIO times the input it used).
 */
export function inflateExactly(data: Uint8Array, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  const r = inflateInPieces(data, size, (piece, at) => out.set(piece, at));
  return r.end === 'end' && r.size === size ? out : null;
}
