import { err, ok, type Result } from './app-error.js';

/**
 * Turns whatever the user typed or pasted (often a full browser URL with a path and a query) into
 * the site's origin, the only part the API client needs. Kept free of node: and DOM imports so the
 * renderer's Connect form and the main process give the same verdict for the same text.
 *
 * https is required because the token travels in a header; plain http is allowed only for loopback
 * hosts, where the local Wasp simulator (the "Sandbox" connection) listens.
 */
export function parseSiteUrl(input: string): Result<string> {
  const text = input.trim();
  if (text === '')
    return err(
      'validation',
      'Enter the address of your Wasp InventoryCloud site, for example https://yourcompany.waspinventorycloud.com.',
    );

  // People paste "yourcompany.waspinventorycloud.com" without a scheme; assume https rather than refuse.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme && /^(mailto|javascript|data|file|ftp|about|blob):/i.test(text)) {
    return err(
      'validation',
      'That is not the address of a website. Copy the address of your Wasp site from the browser.',
    );
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return err(
      'validation',
      'That does not look like a web address. Copy the address of your Wasp site from the browser.',
    );
  }

  if (url.username !== '' || url.password !== '') {
    return err(
      'validation',
      'The address contains a user name or password. Remove them: the app signs in with the API token, never with credentials in the address.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err(
      'validation',
      `Addresses starting with "${url.protocol}" are not supported. Use the https:// address of your Wasp site.`,
    );
  }
  if (url.hostname === '') {
    return err('validation', 'The address has no host name. Copy the address of your Wasp site from the browser.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return err(
      'validation',
      'The address must start with https:// so that the token is sent encrypted. Plain http:// is only allowed for a simulator on this computer.',
    );
  }
  return ok(url.origin);
}

/**
 * True for hosts that never leave this computer: 127.0.0.0/8, [::1] and the name `localhost`
 * (which main only calls once it has checked that it resolves to loopback addresses).
 * `localhost.` (a fully qualified name) and subdomains of localhost are left out: they are looked up
 * through DNS, and whatever DNS answers would get the token over plain http.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (host === '[::1]' || host === '::1') return true;
  // WHATWG URL parsing has already normalised shorthand forms such as 127.1 into dotted quads.
  const quad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return quad !== null && quad[1] === '127' && quad.slice(1).every((p) => Number(p) <= 255);
}
