import { net, protocol } from 'electron';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RENDERER_SECURITY_HEADERS } from '../security/content-security-policy.js';
import { APP_HOST, APP_SCHEME } from '../security/renderer-origin.js';

/** Must run before app 'ready': gives app:// a real, secure, standard origin. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer from app://wasp/, refusing anything outside the renderer folder. */
export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir + sep);
  const notFound = () => new Response('Not found', { status: 404 });
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      const url = new URL(request.url);
      if (url.host !== APP_HOST) return notFound();
      // Throws on a malformed %-escape: answered as 404 below, never as a failed load.
      const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = normalize(join(root, relative));
      if (!file.startsWith(root) || !extname(file)) return notFound();
      const upstream = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(upstream.headers);
      for (const [k, v] of Object.entries(RENDERER_SECURITY_HEADERS)) headers.set(k, v);
      return new Response(upstream.body, { status: upstream.status, headers });
    } catch {
      return notFound();
    }
  });
}
