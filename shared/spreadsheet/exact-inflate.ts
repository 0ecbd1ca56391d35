/*
 * A raw-deflate decoder (RFC 1951) that inflates into a buffer of exactly the size a ZIP directory
 * declares and gives up the moment the data disagrees: a stream that would write one byte past the
 * buffer, ends short of it, runs out of input or is not valid deflate gives null. Memory is the
 * declared size (which the caller has already held to the limits) and time is bounded by it too,
 * so a part that lies about its size costs no more than an honest one of the size it claims. The
 * caller then falls back to the counting check (zip-inflation.ts), which gives the verdict.
 */
import { MAX_RATIO, RATIO_GRACE_BYTES } from './zip-inflation.js';

// Length codes 257..285 and distance codes 0..29: base values and extra bits (RFC 1951, 3.2.5).
const LENGTH_BASE = Uint16Array.of(
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
);
const LENGTH_EXTRA = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
);
const DIST_BASE = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
);
const DIST_EXTRA = Uint8Array.of(
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
);
/** The order in which code length code lengths are stored (RFC 1951, 3.2.7). */
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/**
 * A decoding table indexed by the next `bits` input bits (least significant first): each entry is
 * symbol << 4 | code length, 0 where no code starts with those bits.
 */
interface Table {
  entries: Uint16Array;
  bits: number;
}

/** Canonical Huffman table for these code lengths, or null when the lengths over-subscribe the code space. */
function buildTable(lengths: Uint8Array): Table | null {
  let bits = 0;
  const count = new Uint16Array(16);
  for (const l of lengths) {
    count[l]!++;
    if (l > bits) bits = l;
  }
  count[0] = 0;
  const next = new Uint16Array(16);
  let code = 0;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    left = (left << 1) - count[l]!;
    if (left < 0) return null;
    code = (code + count[l - 1]!) << 1;
    next[l] = code;
  }
  if (bits === 0) bits = 1;
  const entries = new Uint16Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const l = lengths[symbol]!;
    if (l === 0) continue;
    let c = next[l]!++;
    let reversed = 0;
    for (let i = 0; i < l; i++) {
      reversed = (reversed << 1) | (c & 1);
      c >>>= 1;
    }
    const entry = (symbol << 4) | l;
    for (let i = reversed; i < entries.length; i += 1 << l) entries[i] = entry;
  }
  return { entries, bits };
}

function fixedTables(): { lit: Table; dist: Table } {
  const lit = new Uint8Array(288);
  lit.fill(8, 0, 144);
  lit.fill(9, 144, 256);
  lit.fill(7, 256, 280);
  lit.fill(8, 280, 288);
  return { lit: buildTable(lit)!, dist: buildTable(new Uint8Array(30).fill(5))! };
}

let fixed: { lit: Table; dist: Table } | undefined;

/**
 * `data` inflated into exactly `size` bytes, or null when it does not inflate to exactly that many
 * (or is damaged, or, past RATIO_GRACE_BYTES, has inflated more than MAX_RATIO times the input it used).
 */
export function inflateExactly(data: Uint8Array, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  const end = data.length * 8;
  let pos = 0;
  let o = 0;
  // The next 17+ bits from bit `pos`, least significant first (reads past the end give zeros; `pos` is checked).
  const peek = (p: number): number => {
    const b = p >>> 3;
    return ((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16)) >>> (p & 7)) | 0;
  };
  for (;;) {
    if (pos + 3 > end) return null;
    const header = peek(pos);
    pos += 3;
    const type = (header >>> 1) & 3;
    let lit: Table;
    let dist: Table;
    if (type === 0) {
      const at = (pos + 7) >>> 3;
      if (at + 4 > data.length) return null;
      const length = data[at]! | (data[at + 1]! << 8);
      if ((length ^ (data[at + 2]! | (data[at + 3]! << 8))) !== 0xffff) return null;
      if (at + 4 + length > data.length || o + length > size) return null;
      out.set(data.subarray(at + 4, at + 4 + length), o);
      o += length;
      pos = (at + 4 + length) * 8;
      if ((header & 1) !== 0) break;
      continue;
    } else if (type === 1) {
      fixed ??= fixedTables();
      ({ lit, dist } = fixed);
    } else if (type === 2) {
      if (pos + 14 > end) return null;
      const h = peek(pos);
      const literals = (h & 31) + 257;
      const distances = ((h >>> 5) & 31) + 1;
      const codeLengthCodes = ((h >>> 10) & 15) + 4;
      pos += 14;
      if (literals > 286 || distances > 30) return null;
      const clLengths = new Uint8Array(19);
      for (let i = 0; i < codeLengthCodes; i++) {
        clLengths[CODE_LENGTH_ORDER[i]!] = peek(pos) & 7;
        pos += 3;
      }
      const cl = buildTable(clLengths);
      if (cl === null) return null;
      const lengths = new Uint8Array(literals + distances);
      for (let i = 0; i < lengths.length;) {
        if (pos > end) return null;
        const e = cl.entries[peek(pos) & ((1 << cl.bits) - 1)]!;
        if (e === 0) return null;
        pos += e & 15;
        const symbol = e >>> 4;
        if (symbol < 16) {
          lengths[i++] = symbol;
          continue;
        }
        let repeat: number;
        let value = 0;
        if (symbol === 16) {
          if (i === 0) return null;
          value = lengths[i - 1]!;
          repeat = 3 + (peek(pos) & 3);
          pos += 2;
        } else if (symbol === 17) {
          repeat = 3 + (peek(pos) & 7);
          pos += 3;
        } else {
          repeat = 11 + (peek(pos) & 127);
          pos += 7;
        }
        if (i + repeat > lengths.length) return null;
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      if (lengths[256] === 0) return null;
      const l = buildTable(lengths.subarray(0, literals));
      const d = buildTable(lengths.subarray(literals));
      if (l === null || d === null) return null;
      lit = l;
      dist = d;
    } else return null;

    const litEntries = lit.entries;
    const litMask = (1 << lit.bits) - 1;
    const distEntries = dist.entries;
    const distMask = (1 << dist.bits) - 1;
    // The hot loop reads its bits inline (as peek does). Literals are not bounds-checked one by one:
    // a write past `out` is dropped, `o` still counts it, and the block's end or the next match refuses
    // the stream; input read past the end decodes as zeros and is caught the same way.
    for (;;) {
      let b = pos >>> 3;
      const e = litEntries[((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16)) >>> (pos & 7)) & litMask]!;
      if (e === 0 || o > size) return null;
      pos += e & 15;
      const symbol = e >>> 4;
      if (symbol < 256) {
        out[o++] = symbol;
        continue;
      }
      if (symbol === 256) break;
      const li = symbol - 257;
      if (li >= 29) return null;
      let length = LENGTH_BASE[li]!;
      const lx = LENGTH_EXTRA[li]!;
      if (lx > 0) {
        b = pos >>> 3;
        length += ((data[b]! | (data[b + 1]! << 8)) >>> (pos & 7)) & ((1 << lx) - 1);
        pos += lx;
      }
      b = pos >>> 3;
      const de = distEntries[((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16)) >>> (pos & 7)) & distMask]!;
      if (de === 0) return null;
      pos += de & 15;
      const di = de >>> 4;
      if (di >= 30) return null;
      let distance = DIST_BASE[di]!;
      const dx = DIST_EXTRA[di]!;
      if (dx > 0) {
        b = pos >>> 3;
        distance += ((data[b]! | (data[b + 1]! << 8) | (data[b + 2]! << 16)) >>> (pos & 7)) & ((1 << dx) - 1);
        pos += dx;
      }
      if (pos > end || distance > o || o + length > size) return null;
      let from = o - distance;
      if (length > distance || length < 32) {
        const stop = o + length;
        while (o < stop) out[o++] = out[from++]!;
      } else {
        out.copyWithin(o, from, from + length);
        o += length;
      }
      // The same early alarm as the counting check: a bomb past its grace is not inflated further.
      if (o > RATIO_GRACE_BYTES && o > (pos >>> 3) * MAX_RATIO) return null;
    }
    if (pos > end || o > size) return null;
    if ((header & 1) !== 0) break;
  }
  return o === size ? out : null;
}
