/** How much of a byte string is well-formed UTF-8: multi-byte sequences that are valid, and bytes that are not. */
export interface Utf8Scan {
  validMultiByte: number;
  invalid: number;
}

/** Follows the Unicode "well-formed UTF-8" table (no overlongs, no surrogates, nothing past U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let validMultiByte = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let k = 1;
    for (; k <= need; k++) {
      const c = bytes[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c === undefined || c < min || c > max) break;
    }
    if (k > need) {
      validMultiByte++;
      i += need + 1;
    } else {
      invalid++;
      i += k;
    }
  }
  return { validMultiByte, invalid };
}
