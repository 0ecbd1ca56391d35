import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/**
 * The fetch the CLI sends with when the environment names a proxy (HTTPS_PROXY / HTTP_PROXY, with
 * NO_PROXY for exceptions; upper or lower case, as curl and most tools read them). https goes
 * through the proxy as a CONNECT tunnel, so TLS runs end to end and the proxy never sees the token.
 * Loopback addresses are never sent to a proxy.
 * Without a proxy variable it returns undefined and Node's own fetch is used.
 *
 * undici's EnvHttpProxyAgent does the proxy rules. It must be used with the same package's fetch:
 * Node's global fetch bundles its own undici (6.x on Node 20), whose dispatcher interface the 7.x
 * agent does not promise to match.
 *
 * Certificates: Node trusts its bundled Mozilla roots, not the OS store. Offices whose proxy
 * re-signs TLS need its root trusted: NODE_EXTRA_CA_CERTS=/path/to/root.pem (any Node), or
 * NODE_OPTIONS=--use-system-ca (Node 22.15+ / 23.8+: the Windows and macOS certificate stores).
 */
export function proxyFetchFromEnv(env: NodeJS.ProcessEnv): typeof fetch | undefined {
  if (!PROXY_VARIABLES.some((name) => env[name])) return undefined;
  const pick = (upper: string, lower: string) => env[upper] || env[lower] || undefined;
  const httpProxy = pick('HTTP_PROXY', 'http_proxy');
  const httpsProxy = pick('HTTPS_PROXY', 'https_proxy') ?? httpProxy;
  // A proxy cannot reach this computer's loopback (the Sandbox simulator lives there): never proxied.
  const noProxy = [pick('NO_PROXY', 'no_proxy'), 'localhost', '127.0.0.1', '::1'].filter(Boolean).join(',');
  const dispatcher = new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    noProxy,
  });
  // The app's code only passes what both fetches understand (a URL string and plain RequestInit).
  const proxied = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    });
  // Node's global fetch is undici's, but where the DOM library is loaded too (the tests' tsconfig)
  // its Response's body is typed as the DOM's stream: the same object, two declarations of it.
  const asGlobalFetch = proxied as unknown as typeof fetch;
  return asGlobalFetch;
}
