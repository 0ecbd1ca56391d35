import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const PHONE_FORMATS = ['as-displayed', 'e164', 'national'] as const;
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

export interface NormaliseOptions {
  /** 'as-displayed' (default) sends the phone as the sheet shows it. */
  phoneFormat?: PhoneFormat;
  /** Country assumed for numbers without an international prefix, e.g. 'US'. */
  defaultCountry?: CountryCode;
}

const NEEDS_TIDY = /^\s|\s$|\s\s|[^\S ]/;
const WHITESPACE_RUN = /\s+/g;

/** Trims and turns every run of whitespace (tabs, line breaks, no-break spaces) into one space. */
export function tidy(text: string): string {
  // Empty cells (most extension cells) skip the regular expression: this runs for every field of every row.
  return text !== '' && NEEDS_TIDY.test(text) ? text.trim().replace(WHITESPACE_RUN, ' ') : text;
}

const EXTENSION_MARKER = '(?:ext(?:ension)?|extn|ex|x)\\.?|#';
// Anchored at the end only: a lazy pattern anchored at both ends backtracks quadratically on long cells.
const TRAILING_EXTENSION = new RegExp(`(?<![a-z])(?:${EXTENSION_MARKER})\\s*[:.]?\\s*(\\d{1,10})$`, 'i');
const DIGIT = /\d/;
const SEPARATORS = ' \t,;';
const LEADING_MARKER = new RegExp(`^(?:${EXTENSION_MARKER})\\s*[:.]?\\s*(?=\\d)`, 'i');
const MAY_HOLD_EXTENSION = /[a-z#]/i;

/** "555-123-4567 x204", "… ext. 19", "… #12", "… ext 5" → the number and the extension; null when there is none. */
export function splitExtension(phone: string): { phone: string; extension: string } | null {
  if (!MAY_HOLD_EXTENSION.test(phone)) return null;
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
  return t !== '' && MAY_HOLD_EXTENSION.test(t) ? t.replace(LEADING_MARKER, '') : t;
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
