/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// protocol handler
 * (and by the test harness's server, so tests run under the same policy). Nothing inline, nothing
 * remote: the renderer talks to the world only through the IPC bridge. Styles are 'self' only,
 * so components set dynamic styles through the CSSOM (Svelte's style: directive), never style="".
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers that go with every renderer response. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
