import * as XLSX from 'xlsx';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MANIFEST = 'META-INF/manifest.xml';

// SheetJS's bundled CFB library (typed `any`) exposes its raw-deflate inflater; this is all we use of it.
type Inflate = (payload: Uint8Array, uncompressedSize: number) => Uint8Array;
const inflateRaw = (XLSX.CFB as { utils: { _inflateRaw: Inflate } }).utils._inflateRaw;

function u16(b: Uint8Array, at: number): number {
  return (b[at] as number) | ((b[at + 1] as number) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

/** The stored bytes of one ZIP entry, found through the central directory; null when absent or unreadable. */
function zipEntry(bytes: Uint8Array, wanted: string): Uint8Array | null {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  for (let n = 0; n < entries && p + 46 <= bytes.length && u32(bytes, p) === CENTRAL; n++) {
    const method = u16(bytes, p + 10);
    const compressed = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const local = u32(bytes, p + 42);
    const name = String.fromCharCode(...bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (name !== wanted) continue;
    if (u32(bytes, local) !== LOCAL) return null;
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) return data;
    if (method === 8) return inflateRaw(data.slice(), size);
    return null;
  }
  return null;
}

/**
 * A password-protected OpenDocument file is an ordinary ZIP whose entries are encrypted; only its
 * manifest, which stays readable, says so. SheetJS just reports a bad deflate stream.
 */
export function isEncryptedOdf(bytes: Uint8Array): boolean {
  try {
    const manifest = zipEntry(bytes, MANIFEST);
    return manifest !== null && new TextDecoder().decode(manifest).includes('encryption-data');
  } catch {
    return false;
  }
}
