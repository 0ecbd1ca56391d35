/*
 * The few ZIP structures the reader looks at before SheetJS does (an .xlsx and an .ods are ZIPs):
 * the central directory's entries and where an entry's stored bytes are. Bounds-checked: a damaged
 * directory gives null, never a read past the end.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressed: number;
  /** The inflated size the file declares (0xffffffff: see the ZIP64 record, which we do not read). */
  declared: number;
  /** Offset of the entry's local header. */
  local: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
export const u32 = (b: Uint8Array, at: number): number => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** Where the end-of-central-directory record starts (the last one, after at most a 64 KB comment), or -1. */
export function endOfCentralDirectory(bytes: Uint8Array): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (u32(bytes, i) === EOCD) return i;
  return -1;
}

/** Every entry of the central directory, or null when there is none or it is damaged. */
export function zipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const eocd = endOfCentralDirectory(bytes);
  if (eocd < 0) return null;
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL) return null;
    const nameLength = u16(bytes, p + 28);
    let name = '';
    for (let i = 0; i < nameLength; i++) name += String.fromCharCode(bytes[p + 46 + i] ?? 0);
    entries.push({
      name,
      method: u16(bytes, p + 10),
      compressed: u32(bytes, p + 20),
      declared: u32(bytes, p + 24),
      local: u32(bytes, p + 42),
    });
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return entries;
}

/** The entry's stored (possibly deflated) bytes, or null when its local header is not where it says. */
export function storedBytes(bytes: Uint8Array, e: ZipEntry): Uint8Array | null {
  if (u32(bytes, e.local) !== LOCAL) return null;
  const start = e.local + 30 + u16(bytes, e.local + 26) + u16(bytes, e.local + 28);
  const end = e.compressed === 0xffffffff ? bytes.length : Math.min(bytes.length, start + e.compressed);
  return bytes.subarray(start, end);
}
