import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const PHONE_FORMATS = ['as-displayed', 'e164', 'national'] as const;
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

export interface NormaliseOptions {
  /** 'as-displayed' (default) sends the phone as the sheet shows it. */
  phoneFormat?: PhoneFormat;
  /** Country assumed for numbers without an international prefix, e.g. 'US'. */
  defaultCountry?: CountryCode;
}

const WHITESPACE_RUN = /\s+/g;

/** Whether `c` is a character JavaScript's `\s` matches, the whitespace `trim()` and WHITESPACE_RUN take out. */
function isWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/**
 * Whether tidy() would change the text: whitespace at either end, two in a row, or any other than a
 * plain space. The same answer as /^\s|\s$|\s\s|[^\S ]/ (character-scans.test holds it to that), as a
 * scan: this runs for every field of every row, and a regular expression's call costs more than
 * reading a short cell's characters.
 */
export function needsTidy(text: string): boolean {
  // Whether the character before was a space; true before the first, so a leading one counts.
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 0xa0) afterSpace = false;
    else if (c === 32) {
      if (afterSpace) return true;
      afterSpace = true;
    } else if (isWhitespace(c)) return true;
    else afterSpace = false;
  }
  return afterSpace && text.length > 0;
}

/** Trims and turns every run of whitespace (tabs, line breaks, no-break spaces) into one space. */
export function tidy(text: string): string {
  return needsTidy(text) ? text.trim().replace(WHITESPACE_RUN, ' ') : text;
}

const EXTENSION_MARKER = '(?:ext(?:ension)?|extn|ex|x)\\.?|#';
// Anchored at the end only: a lazy pattern anchored at both ends backtracks quadratically on long cells.
const TRAILING_EXTENSION = new RegExp(`(?<![a-z])(?:${EXTENSION_MARKER})\\s*[:.]?\\s*(\\d{1,10})$`, 'i');
const DIGIT = /\d/;
const SEPARATORS = ' \t,;';
const LEADING_MARKER = new RegExp(`^(?:${EXTENSION_MARKER})\\s*[:.]?\\s*(?=\\d)`, 'i');

/** Whether the phone has an ASCII letter or '#' (what /[a-z#]/i finds): without one it has no extension marker. */
export function mayHoldExtension(phone: string): boolean {
  for (let i = 0; i < phone.length; i++) {
    const c = phone.charCodeAt(i);
    const lower = c | 32;
    if (c === 35 || (lower >= 97 && lower <= 122)) return true;
  }
  return false;
}

/** "555-123-4567 x204", "… ext. 19", "… #12", "… ext 5" → the number and the extension; null when there is none. */
export function splitExtension(phone: string): { phone: string; extension: string } | null {
  if (!mayHoldExtension(phone)) return null;
  const m = TRAILING_EXTENSION.exec(phone);
  if (m === null) return null;
  let end = m.index;
  while (end > 0 && SEPARATORS.includes(phone.charAt(end - 1))) end--;
  const head = phone.slice(0, end);
  return DIGIT.test(head) ? { phone: head, extension: m[1] as string } : null;
}

/** An extension column may repeat the marker ("x204", "Ext. 19"); Wasp wants the digits. */
export function tidyExtension(extension: string): string {
  const t = tidy(extension);
  return mayHoldExtension(t) ? t.replace(LEADING_MARKER, '') : t;
}

/**
 * Reformats a phone number when the user asked for it; a number the library cannot read is left
 * as it was (validation then says it is not in the requested form).
 */
export function formatPhone(phone: string, options: NormaliseOptions): string {
  const format = options.phoneFormat ?? 'as-displayed';
  if (format === 'as-displayed' || phone === '') return phone;
  // "00" is the international prefix almost everywhere but North America, where the default
  // country would otherwise swallow it ("0044 20…" read as a US number): try it as "+" first.
  const trimmed = phone.trim();
  const candidates = trimmed.startsWith('00') ? [`+${trimmed.slice(2)}`, trimmed] : [trimmed];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, options.defaultCountry);
    // Only a number of a possible length for its country is converted; anything else stays as typed and
    // validation asks the user to look at it.
    if (parsed !== undefined && parsed.isPossible()) return format === 'e164' ? parsed.number : parsed.formatNational();
  }
  return phone;
}
