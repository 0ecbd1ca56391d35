import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, parseSiteUrl } from '../../../shared/domain/site-url.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { hostileServer, type HostileServer } from '../../support/hostile-server.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const rec = { CustomerNumber: 'C1', PhoneNumber: '5551234567', PhoneExtension: '', PhoneTypeName: 'Office' };

describe('D9: loopback means the literal addresses and localhost resolved to them', () => {
  it.each([
    'http://localhost.:8080',
    'http://LOCALHOST.:8080',
    'http://localhost..:8080',
    'http://a.localhost:8080',
    'http://127.0.0.1.nip.io:8080',
  ])('%s over plain http is refused', (url) => {
    const r = parseSiteUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/https/);
  });

  it('the literal loopback addresses and localhost are accepted', () => {
    expect(['127.0.0.1', '127.1.2.3', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(isLoopbackHost('localhost.')).toBe(false);
  });

  it('http://localhost is only called when localhost resolves to loopback addresses, and then at that address', async () => {
    const calls: string[] = [];
    const recording: typeof fetch = async (input) => {
      calls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return new Response('{}', { status: 200 });
    };
    const hijacked = createWaspClient({
      site: 'http://localhost:8080',
      token: 't0k',
      version: '1.0.0',
      fetch: recording,
      lookupHost: async () => [{ address: '203.0.113.7', family: 4 }],
    });
    if (!hijacked.ok) throw new Error(hijacked.error.message);
    const refused = await hijacked.value.save([rec]);
    expect(refused).toMatchObject({
      kind: 'fatal',
      message: expect.stringMatching(/localhost.*203\.0\.113\.7/) as unknown,
    });
    expect(calls).toEqual([]);

    const mixed = createWaspClient({
      site: 'http://localhost:8080',
      token: 't0k',
      version: '1.0.0',
      fetch: recording,
      lookupHost: async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '198.51.100.1', family: 4 },
      ],
    });
    if (!mixed.ok) throw new Error(mixed.error.message);
    expect((await mixed.value.save([rec])).kind).toBe('fatal');
    expect(calls).toEqual([]);
  });

  it('a real localhost call reaches the loopback server', async () => {
    server = await hostileServer((_c, _r, res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('{"HasError":false,"Data":{"ResultList":[],"TotalResults":1,"SuccessfullResults":1,"ErrorCount":0}}'),
    );
    const port = new URL(server.url).port;
    const client = createWaspClient({ site: `http://localhost:${port}`, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    expect((await client.value.save([rec])).kind).toBe('done');
    expect(server.calls).toHaveLength(1);
  });
});
