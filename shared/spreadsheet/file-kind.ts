import { sniffBomlessUtf16 } from './text-decoding.js';

/**
 * What the first bytes of a file say it is. SheetJS falls back to reading anything it does not
 * recognise as plain text, so a PNG renamed .xlsx would "open" as a sheet of garbage; these checks
 * come first so the user hears what the file really is.
 */
export type ContentKind =
  | { kind: 'zip' }
  | { kind: 'cfb' }
  | { kind: 'biff' }
  | { kind: 'markup' }
  | { kind: 'text' }
  | { kind: 'other'; what: string };

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

// `weak` signatures are two printable letters a CSV could start with; they count only for binary content.
const KNOWN_OTHERS: readonly { sig: readonly number[]; at?: number; weak?: true; what: string }[] = [
  { sig: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { sig: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { sig: ascii('GIF8'), what: 'a GIF image' },
  { sig: ascii('%PDF'), what: 'a PDF document' },
  { sig: ascii('Rar!'), what: 'a RAR archive' },
  { sig: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { sig: [0x1f, 0x8b], what: 'a gzip archive' },
  { sig: ascii('MZ'), weak: true, what: 'a Windows program' },
  { sig: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
  { sig: ascii('{\\rtf'), what: 'an RTF document' },
  { sig: ascii('RIFF'), what: 'a media file' },
  { sig: ascii('ftyp'), at: 4, what: 'a video or image file' },
  { sig: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { sig: ascii('SQLite format 3'), what: 'an SQLite database' },
];

/** Control bytes other than tab, LF, CR, FF and ESC do not occur in text files. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return control > n * 0.1;
}

function isUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function skipUtf8Bom(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** First non-space byte (after a UTF-8 BOM) is '<': HTML or SpreadsheetML saved with an .xls name. */
function startsWithMarkup(bytes: Uint8Array): boolean {
  for (let i = skipUtf8Bom(bytes); i < Math.min(bytes.length, 512); i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x3c;
  }
  return false;
}

export function sniffContent(bytes: Uint8Array): ContentKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: 'zip' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'cfb' };
  // Excel 2–4 worksheets are a bare BIFF record stream (BOF record 0x0009/0x0209/0x0409).
  if (bytes[0] === 0x09 && (bytes[1] === 0x00 || bytes[1] === 0x02 || bytes[1] === 0x04) && bytes[3] === 0x00)
    return { kind: 'biff' };
  for (const o of KNOWN_OTHERS) {
    if (startsWith(bytes, o.sig, o.at) && (o.weak !== true || looksBinary(bytes)))
      return { kind: 'other', what: o.what };
  }
  if (isUtf16Bom(bytes)) return { kind: 'text' };
  if (startsWithMarkup(bytes)) return { kind: 'markup' };
  if (looksBinary(bytes)) {
    // UTF-16 without a BOM is full of zero bytes but is still text.
    return sniffBomlessUtf16(bytes) !== null
      ? { kind: 'text' }
      : { kind: 'other', what: 'an unrecognised binary file' };
  }
  return { kind: 'text' };
}
