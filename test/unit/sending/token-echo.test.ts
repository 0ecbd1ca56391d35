import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWaspClient } from '../../../main/wasp-api/client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function echoingServer(status: number): Promise<string> {
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    req.resume();
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        HasError: true,
        Messages: [{ Message: `Bad request with ${auth}`, ResultCode: -1 }],
        Data: { ResultList: [{ Message: `echo ${auth}`, ResultCode: -1, HttpStatusCode: 400 }], ErrorCount: 1 },
      }),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a server that echoes the token', () => {
  it.each([200, 403, 400])('never gets it into the outcome (HTTP %i)', async (status) => {
    const token = 'tok-ECHO-31f9e2aa';
    const client = createWaspClient({ site: await echoingServer(status), token, version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    const outcome = await client.value.save([
      { CustomerNumber: 'C1', PhoneNumber: '555', PhoneExtension: '', PhoneTypeName: 'Office' },
    ]);
    expect(outcome.kind).not.toBe('offline');
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect(JSON.stringify(outcome)).toContain('[token]');
  });
});

describe('testConnection against an address that is not Wasp', () => {
  it('a 404 where the API should be is not reported as connected', async () => {
    const { testConnection } = await import('../../../main/wasp-api/test-connection.js');
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const r = await testConnection(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'some-token', {
      version: '1.0.0',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/HTTP 404.*does not look like a Wasp InventoryCloud site/);
  });
});
