/**
 * What a log line may not carry: an API token (in any form a library or server might have written
 * it) and customer data (phone numbers). Applied to every string the logger writes, so a careless
 * call site cannot leak either.
 */

/** The forms a secret takes after the encodings a message can pass through on its way to a log. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  // JSON writers that escape '/' (\/) or every non-alphanumeric (System.Text.Json: \u002B for '+').
  forms.add(secret.replace(/\//g, '\\/'));
  forms.add(
    secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`),
  );
  forms.add(secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  forms.add(encodeURIComponent(secret));
  return [...forms].filter((f) => f.length >= 8);
}

// Seven or more digits, optionally broken by the separators people type in phone numbers.
const PHONE_LIKE = /\+?\(?\d(?:[\s().-]{0,2}\d){6,}/g;
// Dates and times are not customer data, and support needs them.
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;

export class LogRedactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret (a token once it is read from the keychain or the environment). */
  addSecret(secret: string): void {
    for (const form of secretForms(secret)) this.#secrets.add(form);
  }

  /** Tokens and phone numbers: for logs and anything else written without the person's say. */
  redact(text: string): string {
    return this.redactSecrets(text).replace(PHONE_LIKE, (m) =>
      DATE_LIKE.test(m) ? m : `[number …${m.replace(/\D/g, '').slice(-2)}]`,
    );
  }

  /** Tokens only: for customer data the person chose to include. */
  redactSecrets(text: string): string {
    let out = text;
    // Longest first, so a form that contains another is cut whole.
    for (const s of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[token]');
    return out.replace(BEARER, '$1 [token]');
  }
}
