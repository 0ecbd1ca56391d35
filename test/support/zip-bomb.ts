import { constants, crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { CFB } from '../../shared/spreadsheet/sheetjs-cfb.js';

/*
 * Builds an .xlsx whose xl/sharedStrings.xml inflates to `inflatedBytes` from a few megabytes: one
 * 1 MiB block of repeated text is deflated once with a full flush (so its bytes stand alone), that
 * block is repeated, and an empty final block ends the stream. Nothing of the inflated size is ever
 * held in memory, here or (after the fix) in the reader.
 */

const BLOCK = 1024 * 1024;

interface ZipPart {
  name: string;
  /** Raw deflate data (method 8). */
  data: Uint8Array;
  crc: number;
  size: number;
}

function deflatePart(name: string, content: Uint8Array): ZipPart {
  return { name, data: deflateRawSync(content), crc: crc32(content), size: content.length };
}

/** Letters from a xorshift generator: about as compressible as real text (no long repeats). */
function variedText(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 0x41 + ((x >>> 0) % 26);
  }
  return out;
}

/** `original`: the workbook's own shared strings, kept so its cells still read; the bomb is one more string. */
function bombPart(
  name: string,
  original: Uint8Array,
  inflatedBytes: number,
  declaredSize: number | undefined,
  varied: boolean,
): ZipPart {
  const xml = Buffer.from(original).toString('utf8');
  const close = xml.lastIndexOf('</sst>');
  const head = Buffer.from(`${xml.slice(0, close)}<si><t>`);
  const tail = Buffer.from('</t></si></sst>');
  // 'varied' text packs about as badly as real data (no ratio alarm): only the size limits can stop it.
  const fill = varied ? variedText(BLOCK) : Buffer.alloc(BLOCK, 0x41);
  const blocks = Math.max(1, Math.floor((inflatedBytes - head.length) / BLOCK));
  const headData = deflateRawSync(head, { finishFlush: constants.Z_FULL_FLUSH });
  const fillData = deflateRawSync(fill, { finishFlush: constants.Z_FULL_FLUSH });
  const tailData = deflateRawSync(tail, { finishFlush: constants.Z_FULL_FLUSH });
  // BFINAL=1, stored, LEN=0, NLEN=0xFFFF: ends the stream on the byte boundary the full flush left.
  const end = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);
  const data = new Uint8Array(headData.length + fillData.length * blocks + tailData.length + end.length);
  data.set(headData, 0);
  for (let i = 0; i < blocks; i++) data.set(fillData, headData.length + i * fillData.length);
  data.set(tailData, headData.length + blocks * fillData.length);
  data.set(end, data.length - end.length);
  let crc = crc32(head);
  for (let i = 0; i < blocks; i++) crc = crc32(fill, crc);
  crc = crc32(tail, crc);
  const size = head.length + blocks * BLOCK + tail.length;
  return { name, data, crc, size: declaredSize ?? size };
}

function zip(parts: ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(p.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(p.data.buffer, p.data.byteOffset, p.data.length));
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]));
}

/** Reads the parts of a small real .xlsx that SheetJS wrote (stored or deflated). */
function partsOf(xlsx: Uint8Array): { name: string; content: Uint8Array }[] {
  const cfb = CFB.read(xlsx, { type: 'buffer' });
  const out: { name: string; content: Uint8Array }[] = [];
  cfb.FileIndex.forEach((f, i) => {
    if (f.type === 2)
      out.push({ name: cfb.FullPaths[i]!.replace(/^[^/]*\//, ''), content: Uint8Array.from(f.content) });
  });
  return out;
}

/**
 * A real one-sheet workbook (header and one row, cells as shared strings) whose shared strings are
 * replaced by a bomb. `declaredSize` lets the central directory lie about the inflated size.
 */
export function zipBombXlsx(inflatedBytes: number, declaredSize?: number, varied = false): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['Customer', 'Phone', 'Type'],
      ['C1', '555 123 4567', 'Office'],
    ]),
    'Phones',
  );
  const real = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Uint8Array;
  const parts = partsOf(real).map((p) =>
    p.name === 'xl/sharedStrings.xml'
      ? bombPart(p.name, p.content, inflatedBytes, declaredSize, varied)
      : deflatePart(p.name, p.content),
  );
  if (!parts.some((p) => p.name === 'xl/sharedStrings.xml'))
    throw new Error('the template workbook has no shared strings');
  return zip(parts);
}
