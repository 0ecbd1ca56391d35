import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseSiteUrl } from '../../../shared/domain/site-url.js';

describe('parseSiteUrl', () => {
  it.each([
    ['https://acme.waspinventorycloud.com/app/customers?id=4#x', 'https://acme.waspinventorycloud.com'],
    ['  acme.waspinventorycloud.com/app  ', 'https://acme.waspinventorycloud.com'],
    ['HTTPS://ACME.WaspInventoryCloud.com:443/', 'https://acme.waspinventorycloud.com'],
    ['https://acme.example:8443/x', 'https://acme.example:8443'],
    ['http://127.0.0.1:8787/public-api', 'http://127.0.0.1:8787'],
    ['http://127.3.2.1:9', 'http://127.3.2.1:9'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:3000/', 'http://[::1]:3000'],
  ])('%s → %s', (input, origin) => {
    expect(parseSiteUrl(input)).toEqual({ ok: true, value: origin });
  });

  it.each([
    ['', /Enter the address/],
    ['   ', /Enter the address/],
    ['http://acme.waspinventorycloud.com', /must start with https/],
    ['http://10.0.0.5', /must start with https/],
    ['http://localhost.evil.com', /must start with https/],
    ['ftp://acme.example', /not supported/],
    ['mailto:me@acme.example', /not the address of a website/],
    ['https://user:pw@acme.example', /user name or password/],
    ['https://token@acme.example', /user name or password/],
    ['https://exa mple.com', /does not look like a web address/],
  ])('refuses %j', (input, message) => {
    const r = parseSiteUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('validation');
      expect(r.error.message).toMatch(message);
    }
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.255.0.9', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', '10.0.0.1', 'example.com', '[::2]', 'a.localhost'].some(isLoopbackHost)).toBe(false);
  });
});
