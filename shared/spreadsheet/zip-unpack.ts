import { inflateExactly } from './exact-inflate.js';
import { CFB, type CfbContainer } from './sheetjs-cfb.js';
import { endOfCentralDirectory, u16, u32, zipDirectory, type ZipEntry } from './zip-directory.js';
import type { InflateRaw } from './workbook.js';
import { checkDeclaredSizes, RATIO_GRACE_BYTES, type InflationLimits } from './zip-inflation.js';

/*
 * An .xlsx inflated once. The inflation check (zip-inflation.ts) has to inflate every large part to
 * learn its real size, and SheetJS then inflates them all again: a third of an import's overhead.
 * Here every part is inflated into a buffer of exactly the size the directory declares (held to the
 * limits first), stopping at the first byte past it, and SheetJS reads the parts from memory
 * (XLSX.parse_zip, what XLSX.read calls after its own unzip). Only a file that is plain about itself
 * takes this way: every part stored or deflated, the same in its local header as in the directory,
 * unencrypted, without a data descriptor or ZIP64 sizes, and inflating to exactly its declared size.
 * Anything else gives null, and the caller runs the counting check and lets SheetJS unzip as before.
 */

const LOCAL = 0x04034b50;
const EOCD_SIGNATURE = [0x50, 0x4b, 0x05, 0x06] as const;

/** Local header flags SheetJS refuses (encryption) or reads differently (sizes in a data descriptor). */
const UNPLAIN_FLAGS = 0x2041 | 0x0008;

/** SheetJS finds the end record by scanning back from the last byte: it must be the one zipDirectory read. */
function sameEndRecordAsSheetJs(bytes: Uint8Array): boolean {
  const eocd = endOfCentralDirectory(bytes);
  if (eocd < 0 || u16(bytes, eocd + 8) !== u16(bytes, eocd + 10)) return false;
  for (let i = bytes.length - 4; i > eocd; i--) {
    if (
      bytes[i] === EOCD_SIGNATURE[0] &&
      bytes[i + 1] === EOCD_SIGNATURE[1] &&
      bytes[i + 2] === EOCD_SIGNATURE[2] &&
      bytes[i + 3] === EOCD_SIGNATURE[3]
    )
      return false;
  }
  return true;
}

/**
 * SheetJS's unzip holds parts as Node Buffers where it runs under Node and turns a Buffer into text
 * natively; a plain Uint8Array would take its slower TextDecoder path (about 40 ms on a 17 MB sheet).
 * SheetJS's own `bconcat` shows which kind it makes, without this module naming Node's Buffer; a
 * Buffer's `from(arrayBuffer, offset, length)` is a view of the same memory (no copy).
 */
const sheetJsBytes = Object.getPrototypeOf(CFB.utils.bconcat([new Uint8Array(0)])) as Uint8Array;
const SheetJsBytes =
  sheetJsBytes === Uint8Array.prototype
    ? null
    : (sheetJsBytes.constructor as unknown as {
        from(this: void, buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array;
      });
function asSheetJsBytes(content: Uint8Array): Uint8Array {
  return SheetJsBytes === null ? content : SheetJsBytes.from(content.buffer, content.byteOffset, content.length);
}

/** The part's inflated bytes, or null when its local header disagrees with the directory or it is not exactly its declared size. */
function unpackPart(bytes: Uint8Array, e: ZipEntry, inflateRaw: InflateRaw | undefined): Uint8Array | null {
  const at = e.local;
  if (e.compressed === 0xffffffff || e.declared === 0xffffffff || at + 30 > bytes.length) return null;
  if (u32(bytes, at) !== LOCAL || (u16(bytes, at + 6) & UNPLAIN_FLAGS) !== 0) return null;
  if (u16(bytes, at + 8) !== e.method || u32(bytes, at + 18) !== e.compressed || u32(bytes, at + 22) !== e.declared)
    return null;
  const nameLength = u16(bytes, at + 26);
  if (nameLength !== e.name.length) return null;
  for (let i = 0; i < nameLength; i++) if (bytes[at + 30 + i] !== e.name.charCodeAt(i)) return null;
  const start = at + 30 + nameLength + u16(bytes, at + 28);
  if (start + e.compressed > bytes.length) return null;
  const stored = bytes.subarray(start, start + e.compressed);
  if (e.method === 0) return e.compressed === e.declared ? stored.slice() : null;
  if (e.method !== 8) return null;
  // A native inflater cannot raise the counting check's ratio alarm on the way, so it takes only parts
  // below the alarm's grace; its bound is the declared size, like inflateExactly's.
  if (inflateRaw === undefined || e.declared > RATIO_GRACE_BYTES) return inflateExactly(stored, e.declared);
  try {
    const out = inflateRaw(stored, e.declared);
    return out.length === e.declared ? out : null;
  } catch {
    return null;
  }
}

/**
 * The ZIP's parts as SheetJS's own unzip would hold them, or null when the file does not take this
 * way (see above). A file whose declared sizes pass the limits gives null too: the counting check
 * then refuses it with the usual message.
 */
export function unpackZip(bytes: Uint8Array, limits: InflationLimits, inflateRaw?: InflateRaw): CfbContainer | null {
  const entries = zipDirectory(bytes);
  if (entries === null || entries.length === 0 || !sameEndRecordAsSheetJs(bytes)) return null;
  if (!checkDeclaredSizes(entries, limits).ok) return null;
  const container = CFB.utils.cfb_new();
  for (const e of entries) {
    const content = unpackPart(bytes, e, inflateRaw);
    if (content === null) return null;
    CFB.utils.cfb_add(container, e.name, asSheetJsBytes(content), { unsafe: true });
  }
  return container;
}
