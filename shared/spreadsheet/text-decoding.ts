import { scanUtf8 } from './utf8-scan.js';
import type { TextEncodingName } from './workbook.js';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /**
   * Set when the bytes were not all valid UTF-8: 'repaired' means UTF-8 was still the best reading
   * (the bad bytes became U+FFFD), 'guessed' that the file was read as Windows-1252 instead.
   * Either way the person is told: an encoding guess is never silent.
   */
  doubt?: 'repaired' | 'guessed';
}

// Bytes 0x80–0x9F of Windows-1252; the rest of the code page is identical to Latin-1. Written out
// here because some TextDecoder builds (Node without full ICU) only know UTF-8 and UTF-16LE.
// Undefined positions (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same code point, as browsers do.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const CHUNK = 0x8000;

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      units[i - start] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b;
    }
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  const body = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  if (!bigEndian) return new TextDecoder('utf-16le').decode(body);
  // UTF-16BE is optional in small-ICU builds; swapping into LE works everywhere.
  const swapped = new Uint8Array(body.length);
  for (let i = 0; i < body.length; i += 2) {
    swapped[i] = body[i + 1] as number;
    swapped[i + 1] = body[i] as number;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

/**
 * UTF-16 without a byte-order mark (some exports omit it) shows as a zero byte in every other
 * position for Latin text; look at the first kilobyte only.
 */
export function sniffBomlessUtf16(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'le';
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'be';
  return null;
}

/**
 * Decodes a text file the way a spreadsheet program would guess: byte-order mark first, then
 * strict UTF-8, and Windows-1252 (what Excel writes on Western Windows) when the bytes are not UTF-8.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16be' };
  const utf16 = sniffBomlessUtf16(bytes);
  if (utf16 !== null)
    return { text: decodeUtf16(bytes, utf16 === 'be'), encoding: utf16 === 'be' ? 'utf-16be' : 'utf-16le' };
  try {
    // The default (ignoreBOM: false) drops a UTF-8 byte-order mark.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // One stray byte in a UTF-8 file must not turn every "ü" into "Ã¼": when more of the text is
    // valid UTF-8 than not, it is UTF-8 with a few damaged bytes.
    const scan = scanUtf8(bytes);
    if (scan.validMultiByte > scan.invalid)
      return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', doubt: 'repaired' };
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', doubt: 'guessed' };
  }
}
