import { constants, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { inflateExactly } from '../../../shared/spreadsheet/exact-inflate.js';
import { readWorkbook } from '../../../shared/spreadsheet/index.js';
import { CFB, type CfbContainer } from '../../../shared/spreadsheet/sheetjs-cfb.js';
import { zipDirectory } from '../../../shared/spreadsheet/zip-directory.js';
import { unpackZip } from '../../../shared/spreadsheet/zip-unpack.js';
import { nativeInflateRaw } from '../../../main/files/native-inflate.js';
import { zipBombXlsx } from '../../support/zip-bomb.js';

const MB = 1024 * 1024;
const LIMITS = { maxPartBytes: 400 * MB, maxTotalBytes: 800 * MB };

/** Text with some repeats: deflate uses literals, short and long matches, and (by level) all three block types. */
function sampleText(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = i > 300 && (x & 3) === 0 ? out[i - 1 - ((x >>> 8) % 300)]! : 0x20 + ((x >>> 0) % 90);
  }
  return out;
}

function partsByName(container: CfbContainer): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  container.FileIndex.forEach((f, i) => {
    if (f.type === 2 && f.content.length > 0) parts.set(container.FullPaths[i]!, Buffer.from(f.content));
  });
  return parts;
}

describe('inflateExactly: a part inflated into exactly its declared size, or not at all', () => {
  const strategies = [
    ['stored (level 0)', { level: 0 }],
    ['fixed Huffman', { strategy: constants.Z_FIXED }],
    ['dynamic Huffman, fast', { level: 1 }],
    ['dynamic Huffman, best', { level: 9 }],
    ['run-length', { strategy: constants.Z_RLE }],
    ['Huffman only', { strategy: constants.Z_HUFFMAN_ONLY }],
  ] as const;

  it.each(strategies)('gives the same bytes as zlib for %s streams', (_name, options) => {
    for (const n of [0, 1, 257, 70_000, 300_000]) {
      const text = sampleText(n, n + 7);
      const packed = deflateRawSync(text, options);
      const out = inflateExactly(packed, n);
      expect(out, `${n} bytes`).not.toBeNull();
      expect(Buffer.from(out!).equals(text), `${n} bytes`).toBe(true);
    }
  });

  it('refuses a stream that inflates to more or less than the declared size, or is cut short', () => {
    const text = sampleText(100_000, 3);
    const packed = deflateRawSync(text);
    expect(inflateExactly(packed, text.length)).not.toBeNull();
    // A directory that under-declares (a bomb's lie) is caught at the first byte past it.
    expect(inflateExactly(packed, text.length - 1)).toBeNull();
    expect(inflateExactly(packed, 4096)).toBeNull();
    expect(inflateExactly(packed, text.length + 1)).toBeNull();
    expect(inflateExactly(packed.subarray(0, packed.length - 3), text.length)).toBeNull();
    expect(inflateExactly(packed.subarray(0, packed.length >> 1), text.length)).toBeNull();
  });

  it('gives null, without throwing or hanging, for bytes that are not deflate data', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const junk = sampleText(64 + seed * 7, seed);
      expect(() => inflateExactly(junk, 10_000)).not.toThrow();
    }
    expect(inflateExactly(Uint8Array.of(0x07), 10)).toBeNull(); // block type 3 is reserved
  });

  it('stops a part that keeps inflating at more than 256× past 64 MB, even when it declares its size', () => {
    const size = 80 * MB;
    const packed = deflateRawSync(Buffer.alloc(size, 0x41), { level: 9 });
    expect(size / packed.length).toBeGreaterThan(256);
    expect(inflateExactly(packed, size)).toBeNull();
  });
});

describe('unpackZip: an .xlsx inflated once, for SheetJS to read from memory', () => {
  it.each([true, false])('holds exactly the parts SheetJS would unzip (compression %s)', (compression) => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Customer', 'Phone'], ...sampleRows(2_000)]), 'A');
    const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression }) as ArrayBuffer);
    const mine = unpackZip(bytes, LIMITS);
    expect(mine).not.toBeNull();
    const theirs = CFB.read(bytes, { type: 'buffer' });
    expect(mine!.FullPaths).toEqual(theirs.FullPaths);
    expect(partsByName(mine!)).toEqual(partsByName(theirs));
  });

  it('a directory that under-declares a part (a bomb) is caught at its declared size and refused by the counting check', () => {
    const bytes = zipBombXlsx(300 * MB, 4096);
    const before = process.memoryUsage().rss;
    expect(unpackZip(bytes, LIMITS)).toBeNull();
    expect(process.memoryUsage().rss).toBeLessThan(before + 64 * MB);
    const r = readWorkbook(bytes, 'bomb.xlsx', undefined, {
      limits: { maxInflatedPartBytes: 64 * MB, maxInflatedBytes: 128 * MB },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/its part "xl\/sharedStrings\.xml" .*zip bomb/);
  });

  it('a part that honestly declares more than the part limit is not inflated: the usual refusal', () => {
    const bytes = zipBombXlsx(12 * MB, undefined, true);
    expect(unpackZip(bytes, { maxPartBytes: 8 * MB, maxTotalBytes: 800 * MB })).toBeNull();
    const r = readWorkbook(bytes, 'big.xlsx', undefined, {
      limits: { maxInflatedPartBytes: 8 * MB, maxInflatedBytes: 800 * MB },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/its part "xl\/sharedStrings\.xml" alone unpacks to more than 8 MB/);
  });

  it('a file that over-declares a part, or whose local header disagrees with the directory, is left to SheetJS and still reads', () => {
    const honest = zipBombXlsx(MB);
    expect(unpackZip(honest, LIMITS)).not.toBeNull();
    const strings = zipDirectory(honest)!.find((e) => e.name === 'xl/sharedStrings.xml')!;

    const overDeclared = honest.slice();
    const view = new DataView(overDeclared.buffer);
    const central = centralEntryOffset(honest, strings.name);
    view.setUint32(central + 24, strings.declared + 100, true);
    view.setUint32(strings.local + 22, strings.declared + 100, true);
    expect(unpackZip(overDeclared, LIMITS)).toBeNull();

    const renamedLocally = honest.slice();
    renamedLocally[strings.local + 30] = 'X'.charCodeAt(0);
    expect(unpackZip(renamedLocally, LIMITS)).toBeNull();

    const read = readWorkbook(renamedLocally, 'odd.xlsx');
    expect(read.ok, read.ok ? '' : read.error.message).toBe(true);
  });
});

describe('unpackZip with a native inflater given by the caller (node:zlib in the CLI)', () => {
  it('holds exactly the parts SheetJS would unzip', () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Customer', 'Phone'], ...sampleRows(2_000)]), 'A');
    const bytes = new Uint8Array(
      XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
    );
    const mine = unpackZip(bytes, LIMITS, nativeInflateRaw);
    expect(mine).not.toBeNull();
    expect(partsByName(mine!)).toEqual(partsByName(CFB.read(bytes, { type: 'buffer' })));
  });

  it('is stopped at the size a lying directory declares, and the counting check refuses the file', () => {
    let calls = 0;
    const counted: typeof nativeInflateRaw = (data, maxBytes) => {
      calls++;
      return nativeInflateRaw(data, maxBytes);
    };
    expect(() => nativeInflateRaw(deflateRawSync(Buffer.alloc(10_000)), 4096)).toThrow(/4096/);
    const bytes = zipBombXlsx(300 * MB, 4096);
    const before = process.memoryUsage().rss;
    expect(unpackZip(bytes, LIMITS, counted)).toBeNull();
    expect(calls).toBeGreaterThan(0);
    expect(process.memoryUsage().rss).toBeLessThan(before + 64 * MB);
    const r = readWorkbook(bytes, 'bomb.xlsx', undefined, {
      limits: { maxInflatedPartBytes: 64 * MB, maxInflatedBytes: 128 * MB },
      inflateRaw: counted,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/its part "xl\/sharedStrings\.xml" .*zip bomb/);
  });

  it('gives null for a part that inflates to less than it declares or is not deflate data', () => {
    const text = sampleText(50_000, 5);
    expect(Buffer.from(nativeInflateRaw(deflateRawSync(text), text.length)).equals(text)).toBe(true);
    const honest = zipBombXlsx(MB);
    const strings = zipDirectory(honest)!.find((e) => e.name === 'xl/sharedStrings.xml')!;
    const overDeclared = honest.slice();
    const view = new DataView(overDeclared.buffer);
    view.setUint32(centralEntryOffset(honest, strings.name) + 24, strings.declared + 1, true);
    view.setUint32(strings.local + 22, strings.declared + 1, true);
    expect(unpackZip(overDeclared, LIMITS, nativeInflateRaw)).toBeNull();
    const junk = honest.slice();
    junk.fill(0xff, strings.local + 30 + strings.name.length, strings.local + 30 + strings.name.length + 8);
    expect(unpackZip(junk, LIMITS, nativeInflateRaw)).toBeNull();
  });
});

function sampleRows(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [String(i).padStart(7, '0'), `555-${String(i).padStart(4, '0')}`]);
}

/** Offset of the central directory entry with this name. */
function centralEntryOffset(bytes: Uint8Array, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let p = view.getUint32(bytes.length - 22 + 16, true);
  for (;;) {
    const nameLength = view.getUint16(p + 28, true);
    const entryName = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLength)).toString('latin1');
    if (entryName === name) return p;
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
}
