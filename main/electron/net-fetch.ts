import { net } from 'electron';

/**
 * The fetch the app's API calls use: Electron's net.fetch, which "sends a request, similarly to how
 * fetch() works in the renderer, using Chromium's network stack. This differs from Node's fetch(),
 * which uses Node.js's HTTP stack" (electron.d.ts, Net.fetch). Chromium's stack is what an office
 * network is set up for: the system proxy settings (including PAC/WPAD) and the OS certificate store,
 * where IT puts the root of a TLS-inspecting proxy (the app's fuses block NODE_EXTRA_CA_CERTS).
 * net.fetch takes a string or a Request, not a URL object.
 */
export function chromiumFetch(): typeof fetch {
  return (input: string | URL | Request, init?: RequestInit) =>
    net.fetch(input instanceof URL ? input.href : input, init);
}
