/**
 * Cuts the API token out of text that came from a server answer. Runs on the strings *after* the
 * JSON is parsed (so `\u002B` and `\/` escapes are already decoded), and also matches the spellings
 * a string may still carry the token in: JSON escapes left inside a message that quotes JSON, percent
 * encoding, HTML character references, and the base64url alphabet (`-` `_`, padding dropped).
 * Tokens are base64-like, so every one of these is a realistic echo.
 */
export const REDACTED = '[token]';

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function hexPattern(n: number, width: number): string {
  // Case-insensitive hex digits only: the token's own letters stay case-sensitive.
  return [...n.toString(16).padStart(width, '0')]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join('');
}

/** Every way one character of the token may be written in text that quotes it. */
function charPattern(c: string): string {
  const code = c.charCodeAt(0);
  const forms = [
    escapeRegex(c),
    `\\\\u${hexPattern(code, 4)}`,
    `%${hexPattern(code, 2)}`,
    `&#0*${code};`,
    `&#[xX]0*${hexPattern(code, 1).replace(/^0+(?=.)/, '')};`,
  ];
  if (c === '/') forms.push('\\\\/', '_');
  if (c === '+') forms.push('-', ' ');
  return `(?:${forms.join('|')})`;
}

interface TokenPattern {
  token: string;
  pattern: RegExp;
  /** The fewest characters any spelling of the token takes: one per character, padding dropped. */
  minLength: number;
}

let cached: TokenPattern | null = null;

function patternFor(token: string): TokenPattern {
  if (cached?.token === token) return cached;
  // Trailing base64 padding is optional: base64url and many logs drop it.
  const body = token.replace(/=+$/, '');
  const padding = token.length - body.length;
  const chars = [...body];
  const source = chars.map(charPattern).join('') + (padding > 0 ? `(?:${charPattern('=')}){0,${padding}}` : '');
  cached = { token, pattern: new RegExp(source, 'g'), minLength: chars.length };
  return cached;
}

export function redactToken(text: string, token: string): string {
  if (token === '' || text === '') return text;
  const p = patternFor(token);
  // Every spelling charPattern allows takes at least one character per token character, so a
  // shorter text cannot hold the token. Most strings of an answer (a customer number, "Saved")
  // are far shorter than a token, and this spares each of them a scan by a long alternation.
  if (text.length < p.minLength) return text;
  p.pattern.lastIndex = 0;
  return text.replace(p.pattern, REDACTED);
}

/**
 * The value with every string in it redacted (objects and arrays walked). What holds no token is
 * returned as it is, not copied: an answer for 500 records is 500 objects, and copying each of
 * them on every call cost more than the redaction itself. What does change is copied, never
 * changed in place.
 */
export function redactDeep<T>(value: T, token: string): T {
  if (token === '') return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactToken(v, token);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const y = walk(x);
        if (y !== x) (out ??= v.slice())[i] = y;
      }
      return out ?? v;
    }
    const o = v as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    for (const k of Object.keys(o)) {
      const x = o[k];
      const y = walk(x);
      if (y !== x) (out ??= { ...o })[k] = y;
    }
    return out ?? v;
  };
  return walk(value) as T;
}
