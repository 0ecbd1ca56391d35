import { Inflate } from 'fflate';
import { storedBytes, zipDirectory, type ZipEntry } from './zip-directory.js';

/*
 * An .xlsx or .ods is a ZIP whose parts SheetJS inflates whole, in memory, before reading a cell:
 * a 4.5 MB file whose shared strings inflate to 2 GB took 25 s and 4 GB before it said anything.
 * This check runs first and refuses such a file quickly, in bounded memory: the central directory's
 * declared sizes are checked, then every part that *could* be larger than what is left of the
 * allowance (deflate inflates at most ~1032×) is inflated as a stream that only counts bytes and
 * stops at the limit, because a declared size is only what the file says about itself.
 */

export interface InflationLimits {
  /** Largest inflated size of any one part (sheet XML, shared strings, …). */
  maxPartBytes: number;
  /** Largest inflated size of all parts together. */
  maxTotalBytes: number;
}

export type InflationVerdict =
  { ok: true } | { ok: false; part: string; limit: 'part' | 'total' | 'ratio'; limitBytes: number };

/**
 * Past the first 64 MB, a part that keeps inflating at more than 256× is refused at once: real
 * sheet XML packs 5–30×, a bomb ~1000×, and waiting for the size limit would cost seconds.
 */
export const RATIO_GRACE_BYTES = 64 * 1024 * 1024;
export const MAX_RATIO = 256;

/** Deflate's best case: 258-byte matches coded in about 2 bits. */
const MAX_DEFLATE_RATIO = 1032;
/** Input fed per push: bounds each inflated piece to ~16 MB even for a perfect bomb. */
const FEED = 16 * 1024;

/** How an inflation ended: the stream's end, past the cap, past the ratio alarm, or not deflate data. */
export type InflationEnd = 'end' | 'cap' | 'ratio' | 'damaged';

/**
 * Inflates a raw-deflate stream fed FEED bytes at a time, handing each inflated piece to `take` with
 * where it starts, and stops as soon as the output would pass `cap` or, past RATIO_GRACE_BYTES,
 * MAX_RATIO times the input fed so far (a piece past either is not handed over). The one loop both
 * the counting check and the exact-size inflation (exact-inflate.ts) run.
 */
export function inflateInPieces(
  data: Uint8Array,
  cap: number,
  take: (piece: Uint8Array, at: number) => void,
): { size: number; end: InflationEnd } {
  let total = 0;
  let fed = 0;
  let end: InflationEnd | null = null;
  const stop = new Error('stop');
  const inflater = new Inflate((piece, final) => {
    const next = total + piece.length;
    if (next > cap) end = 'cap';
    else if (next > RATIO_GRACE_BYTES && next > fed * MAX_RATIO) end = 'ratio';
    if (end !== null) {
      total = next;
      throw stop;
    }
    take(piece, total);
    total = next;
    if (final) end = 'end';
  });
  try {
    for (let at = 0; at < data.length && end === null; at += FEED) {
      fed = Math.min(data.length, at + FEED);
      inflater.push(data.subarray(at, fed), fed >= data.length);
    }
  } catch {
    // `stop`, or not valid deflate data (e.g. an encrypted ODF part).
  }
  return { size: total, end: end ?? 'damaged' };
}

/**
 * Inflated size of a raw-deflate stream, counted without keeping it; stops once it passes `cap`
 * (the size is then > cap) or inflates faster than MAX_RATIO (then `ratio` is true). Data that is
 * not deflate counts what inflated before the damage: SheetJS reports the damage itself.
 */
function inflatedSize(data: Uint8Array, cap: number): { size: number; ratio: boolean } {
  const r = inflateInPieces(data, cap, () => undefined);
  return { size: r.size, ratio: r.end === 'ratio' };
}

function measure(bytes: Uint8Array, e: ZipEntry, cap: number): { size: number; ratio: boolean } {
  const data = storedBytes(bytes, e);
  return data === null ? { size: 0, ratio: false } : inflatedSize(data, Math.max(0, cap));
}

/** Whether the sizes the directory declares (what the file says about itself) stay within the limits. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], limits: InflationLimits): InflationVerdict {
  let total = 0;
  for (const e of entries) {
    if (e.declared !== 0xffffffff && e.declared > limits.maxPartBytes)
      return { ok: false, part: e.name, limit: 'part', limitBytes: limits.maxPartBytes };
    total += e.declared === 0xffffffff ? 0 : e.declared;
    if (total > limits.maxTotalBytes)
      return { ok: false, part: e.name, limit: 'total', limitBytes: limits.maxTotalBytes };
  }
  return { ok: true };
}

/**
 * Whether the ZIP's parts stay within the limits once inflated. A ZIP whose directory cannot be
 * read passes: SheetJS then refuses it as damaged, with its own words.
 */
export function checkZipInflation(bytes: Uint8Array, limits: InflationLimits): InflationVerdict {
  const entries = zipDirectory(bytes);
  if (entries === null) return { ok: true };
  // Declared sizes first: the common case of an honest but oversized file is refused without inflating.
  const declared = checkDeclaredSizes(entries, limits);
  if (!declared.ok) return declared;
  // Then what the parts really inflate to. A part too small to outgrow the part limit counts at its
  // worst case (compressed × 1032) without being inflated, unless those worst cases alone could pass
  // the total limit; every other part is inflated, counting only.
  const measured = new Map<ZipEntry, number>();
  let actual = 0;
  let smallBound = 0;
  for (const e of entries) {
    if (e.method === 0) actual += e.compressed;
    else if (e.method === 8 && e.compressed * MAX_DEFLATE_RATIO <= limits.maxPartBytes)
      smallBound += e.compressed * MAX_DEFLATE_RATIO;
    else if (e.method === 8) {
      const { size, ratio } = measure(bytes, e, Math.min(limits.maxPartBytes, limits.maxTotalBytes - actual));
      if (ratio) return { ok: false, part: e.name, limit: 'ratio', limitBytes: MAX_RATIO };
      if (size > limits.maxPartBytes)
        return { ok: false, part: e.name, limit: 'part', limitBytes: limits.maxPartBytes };
      measured.set(e, size);
      actual += size;
      if (actual > limits.maxTotalBytes)
        return { ok: false, part: e.name, limit: 'total', limitBytes: limits.maxTotalBytes };
    }
  }
  if (actual + smallBound <= limits.maxTotalBytes) return { ok: true };
  for (const e of entries) {
    if (e.method !== 8 || measured.has(e)) continue;
    const { size, ratio } = measure(bytes, e, limits.maxTotalBytes - actual);
    if (ratio) return { ok: false, part: e.name, limit: 'ratio', limitBytes: MAX_RATIO };
    actual += size;
    if (actual > limits.maxTotalBytes)
      return { ok: false, part: e.name, limit: 'total', limitBytes: limits.maxTotalBytes };
  }
  return { ok: true };
}
