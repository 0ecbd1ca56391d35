/**
 * fetch that only ever connects to loopback: 127.0.0.0/8, ::1 and localhost go to Node's real
 * fetch; any other host name fails exactly as Node's fetch fails when getaddrinfo answers ENOTFOUND
 * (a TypeError "fetch failed" whose cause carries code, syscall and hostname), without a DNS query
 * leaving the machine. Tests use it for mistyped addresses (names under the reserved `.invalid` TLD).
 */
export const loopbackOnlyFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return fetch(input, init);
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
    errno: -3008,
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname: host,
  });
  throw new TypeError('fetch failed', { cause });
};
