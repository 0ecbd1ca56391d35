/*
 * Characters a field must not carry to Wasp. Control characters (NUL from broken exports, bells,
 * escapes) are invisible on screen but stored and sent as they are; bidirectional overrides make a
 * value display differently from what it is. Tabs and line breaks are not here: tidy() has already
 * turned them into spaces.
 */
// \p{Cc} is exactly U+0000–001F and U+007F–009F; spelled out, the test needs no Unicode-mode regex (hot path).
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole job
export const HIDDEN = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');

/** The text with each hidden character shown as U+FFFD, for messages. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN_ALL, '\uFFFD');
}

/**
 * Whether hiddenCharacter(text) finds one (without describing it): HIDDEN's test as a scan, which
 * is cheaper than a regular expression's call for a short cell (this runs for every field of every row).
 */
export function hasHidden(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && (c <= 0x202e || (c >= 0x2066 && c <= 0x2069))))
      return true;
  }
  return false;
}

/** The first hidden character in the text, described for a message ("NUL, code 0"), or null. */
export function hiddenCharacter(text: string): string | null {
  if (text === '') return null;
  const m = HIDDEN.exec(text);
  if (m === null) return null;
  const code = m[0].codePointAt(0)!;
  const names: Record<number, string> = {
    0: 'NUL',
    7: 'BEL',
    8: 'backspace',
    27: 'ESC',
    127: 'DEL',
    0x202e: 'right-to-left override',
    0x202d: 'left-to-right override',
  };
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return names[code] !== undefined ? `${names[code]}, U+${hex}` : `U+${hex}`;
}

/**
 * A phone that a spreadsheet would run as a formula when the value is opened again (in Wasp's
 * exports or ours): it starts with `=`, `@` or `-`, or with a `+` that is not an international
 * prefix. "+44 20 …" stays a phone; "+1+1" and "=1+1" do not.
 */
export function looksLikeFormula(phone: string): boolean {
  const first = phone.charAt(0);
  if (first === '=' || first === '@' || first === '-') return true;
  if (first !== '+') return false;
  return !/^\+\s*[(\d]/.test(phone) || /[+=@]/.test(phone.slice(1));
}
