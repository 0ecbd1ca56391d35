/**
 * The one rule for opening links outside the app: https only, no credentials in the URL. Anything
 * else (file:, javascript:, custom schemes that launch programs) is refused.
 */
export function checkExternalUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid address' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: `only https links are opened (got ${url.protocol})` };
  if (url.username || url.password) return { ok: false, reason: 'links with embedded credentials are not opened' };
  return { ok: true, url: url.toString() };
}
