/**
 * What went wrong below HTTP, in words a user can act on. Only error codes are read from the thrown
 * value, never its message: undici puts header values (the token) into some of its messages.
 */
export type NetworkFailure =
  | { kind: 'offline'; code: string; message: string }
  | { kind: 'tls'; code: string; message: string }
  | { kind: 'reset'; code: string; message: string };

const OFFLINE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'EADDRNOTAVAIL',
]);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && typeof cur === 'object' && cur !== null; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const inner = (cur as { cause?: unknown }).cause;
    // AggregateError from happy-eyeballs connects carries the per-address errors.
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const x of errors) codes.push(...codesOf(x));
    cur = inner;
  }
  return codes;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|LEAF_SIGNATURE|HOSTNAME_MISMATCH/.test(code)
  );
}

export function describeNetworkError(e: unknown): NetworkFailure {
  const codes = codesOf(e);
  const tls = codes.find(isTlsCode);
  if (tls !== undefined) {
    const expired = tls === 'CERT_HAS_EXPIRED';
    return {
      kind: 'tls',
      code: tls,
      message: expired
        ? "The site's security certificate has expired, so the connection is not safe. Check the address, or ask your IT team."
        : "The site's security certificate could not be verified, so the connection is not safe. A company proxy, antivirus or public Wi-Fi login page can cause this. Check the address, or ask your IT team.",
    };
  }
  const offline = codes.find((c) => OFFLINE_CODES.has(c));
  if (offline !== undefined) {
    const dns = offline === 'ENOTFOUND' || offline === 'EAI_AGAIN';
    return {
      kind: 'offline',
      code: offline,
      message: dns
        ? 'The site could not be found. Check the address and your internet connection.'
        : offline === 'ECONNREFUSED'
          ? 'The site refused the connection. It may be down, or the address may be wrong.'
          : 'The site could not be reached. Check your internet connection.',
    };
  }
  const reset = codes.find((c) => RESET_CODES.has(c));
  return { kind: 'reset', code: reset ?? 'UNKNOWN', message: 'The connection to the site was interrupted.' };
}
