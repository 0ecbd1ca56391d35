import * as XLSX from 'xlsx';
import { storedBytes, zipDirectory } from './zip-directory.js';

const MANIFEST = 'META-INF/manifest.xml';

// SheetJS's bundled CFB library (typed `any`) exposes its raw-deflate inflater; this is all we use of it.
type Inflate = (payload: Uint8Array, uncompressedSize: number) => Uint8Array;
const inflateRaw = (XLSX.CFB as { utils: { _inflateRaw: Inflate } }).utils._inflateRaw;

/** The stored bytes of one ZIP entry, found through the central directory; null when absent or unreadable. */
function zipEntry(bytes: Uint8Array, wanted: string): Uint8Array | null {
  const entry = zipDirectory(bytes)?.find((e) => e.name === wanted);
  const data = entry === undefined ? null : storedBytes(bytes, entry);
  if (entry === undefined || data === null) return null;
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRaw(data.slice(), entry.declared);
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
