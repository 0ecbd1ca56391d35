import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWaspClient, type WaspClient } from '../../../main/wasp-api/client.js';
import { connectionVerdict, testConnection } from '../../../main/wasp-api/test-connection.js';
import type { CallOutcome } from '../../../main/wasp-api/call-outcome.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_NO_PERMISSION_TOKEN, SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { eventually, record } from '../../support/sending-fixtures.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await sim.close();
});

/** A second origin that records what reaches it: a redirect must never bring the token here. */
let other: Server;
let otherUrl = '';
const otherSaw: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  other = createServer((req, res) => {
    otherSaw.push(req.headers);
    res.end('{}');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  other.closeAllConnections();
  await new Promise((r) => other.close(r));
});

function client(token = SANDBOX_TOKEN, timeoutMs = 2_000): WaspClient {
  const c = createWaspClient({ site: sim.url, token, version: '1.2.3', os: 'TestOS 1', timeoutMs });
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

const noToken = (o: CallOutcome, token = SANDBOX_TOKEN) => expect(JSON.stringify(o)).not.toContain(token);

describe('Wasp client against the simulator', () => {
  it('sends the documented body and headers', async () => {
    const o = await client().save([record('C1', 'Mobile', '+1 555 0100', '12')]);
    expect(o.kind).toBe('done');
    const [call] = sim.inspect().log;
    expect(call?.userAgent).toBe('WaspPhoneImporter/1.2.3 (TestOS 1)');
    expect(call?.firstRecord).toEqual({
      CustomerNumber: 'C1',
      CustomerNo: 'C1',
      PhoneNumber: '+1 555 0100',
      PhoneExtension: '12',
      PhoneTypeName: 'Mobile',
      FormId: 0,
    });
  });

  it('works whichever customer field the server prefers', async () => {
    sim.setOptions({ prefers: 'CustomerNo', customers: ['C7'] });
    expect((await client().save([record('C7')])).kind).toBe('done');
  });

  it('reports per-record failures inside HTTP 200', async () => {
    const o = await client().save([record('C1'), record('C2', 'Pager')]);
    expect(o.kind).toBe('record-failures');
  });

  it.each([
    [
      { kind: 'http', status: 429, resetSeconds: 4 } as const,
      { kind: 'retryable', reason: 'rate-limited', status: 429, retryAfterMs: 4_000 },
    ],
    [
      { kind: 'http', status: 429, resetSeconds: 2, header: 'retry-after' } as const,
      { kind: 'retryable', reason: 'rate-limited', retryAfterMs: 2_000 },
    ],
    [{ kind: 'http', status: 502 } as const, { kind: 'retryable', reason: 'server-busy', status: 502 }],
    [{ kind: 'http', status: 503 } as const, { kind: 'retryable', reason: 'server-busy', status: 503 }],
    [{ kind: 'http', status: 504 } as const, { kind: 'retryable', reason: 'server-busy', status: 504 }],
    [{ kind: 'reset' } as const, { kind: 'retryable', reason: 'connection-reset' }],
    [{ kind: 'malformed' } as const, { kind: 'retryable', reason: 'unparseable' }],
    [{ kind: 'http', status: 400 } as const, { kind: 'fatal', status: 400 }],
    [{ kind: 'http', status: 401 } as const, { kind: 'auth', status: 401 }],
    [{ kind: 'http', status: 403 } as const, { kind: 'forbidden', status: 403 }],
  ])('classifies the scripted fault %j', async (fault, expected) => {
    sim.script(fault);
    const o = await client().save([record('C1')]);
    expect(o).toMatchObject(expected);
    noToken(o);
  });

  it('times out a hanging call as retryable', async () => {
    sim.script({ kind: 'hang' });
    const started = Date.now();
    const o = await client(SANDBOX_TOKEN, 300).save([record('C1')]);
    expect(o).toMatchObject({ kind: 'retryable', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cancels with an AbortSignal', async () => {
    sim.script({ kind: 'hang' });
    const ac = new AbortController();
    const outcome = client().save([record('C1')], ac.signal);
    // Abort once the simulator holds the call, so it is the in-flight call that is cancelled.
    await eventually(() => sim.inspect().calls === 1, 5_000, 'the call to reach the simulator');
    ac.abort();
    expect(await outcome).toEqual({ kind: 'cancelled' });
  });

  it('a 401 has an empty body and the invalid_token challenge; the token never appears in outcomes', async () => {
    const bad = 'secret-token-value-123';
    const o = await client(bad).save([record('C1')]);
    expect(o.kind).toBe('auth');
    noToken(o, bad);
    expect(sim.inspect().log[0]?.outcome).toBe(401);
  });

  it('a pasted token with a line break is refused before sending', async () => {
    const o = await client('abc\ndef').save([record('C1')]);
    expect(o.kind).toBe('auth');
    noToken(o, 'abc\ndef');
    expect(sim.inspect().calls).toBe(0);
  });

  it('refuses redirects and never sends the token to the other origin', async () => {
    sim.script({ kind: 'redirect', location: `${otherUrl}/public-api/phones/customer/save`, status: 307 });
    const o = await client().save([record('C1')]);
    expect(o).toMatchObject({ kind: 'fatal', status: 307 });
    if (o.kind === 'fatal') expect(o.message).toContain(otherUrl);
    sim.script({ kind: 'redirect', location: '/login', status: 302 });
    expect((await client().save([record('C1')])).kind).toBe('fatal');
    // No wait needed: fetch follows a redirect before it resolves, so once save() has answered any
    // request to the other origin would already be in otherSaw.
    expect(otherSaw).toEqual([]);
  });

  it('treats a refused connection as offline', async () => {
    const closedPort = sim.url;
    await sim.close();
    const c = createWaspClient({ site: closedPort, token: SANDBOX_TOKEN, version: '1' });
    if (!c.ok) throw new Error('client');
    expect(await c.value.save([record('C1')])).toMatchObject({ kind: 'offline', code: 'ECONNREFUSED', tls: false });
    sim = await startSimulator();
  });

  it('refuses plain http to a non-loopback host without any network call', () => {
    const c = createWaspClient({ site: 'http://acme.waspinventorycloud.com', token: SANDBOX_TOKEN, version: '1' });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.message).toMatch(/https/);
  });

  it('rejects more than 500 records (simulator) as fatal', async () => {
    const many = Array.from({ length: 501 }, (_, i) => record(`C${i}`));
    expect(await client().save(many)).toMatchObject({ kind: 'fatal', status: 400 });
  });

  it('the simulator requires a User-Agent', async () => {
    const res = await fetch(`${sim.url}/public-api/phones/customer/save`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SANDBOX_TOKEN}`, 'User-Agent': '' },
      body: '[]',
    });
    expect(res.status).toBe(400);
    const unauth = await fetch(`${sim.url}/public-api/phones/customer/save`, { method: 'POST', body: '[]' });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await unauth.text()).toBe('');
  });
});

describe('simulator control endpoints', () => {
  it('scripts faults and reports state over HTTP', async () => {
    const scripted = await fetch(`${sim.url}/__sim/script`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'http', status: 503 }]),
    });
    expect(await scripted.json()).toEqual({ pendingFaults: 1 });
    expect((await client().save([record('C5')])).kind).toBe('retryable');
    expect((await client().save([record('C5'), record('C5', 'Mobile')])).kind).toBe('done');
    await client().save([record('C5')]);
    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as {
      calls: number;
      saved: { customer: string; type: string; writes: number }[];
    };
    expect(state.calls).toBe(3);
    expect(state.saved).toEqual([
      { customer: 'C5', type: 'Office', phone: record('C5').PhoneNumber, extension: '', writes: 2 },
      { customer: 'C5', type: 'Mobile', phone: record('C5').PhoneNumber, extension: '', writes: 1 },
    ]);
    await fetch(`${sim.url}/__sim/options`, { method: 'POST', body: JSON.stringify({ tokens: ['other'] }) });
    expect((await client().save([record('C5')])).kind).toBe('auth');
    await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
    expect(sim.inspect()).toMatchObject({ calls: 0, saved: [] });
  });

  it('only listens on loopback', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('testConnection', () => {
  const opts = { version: '1.0.0', timeoutMs: 1_000 };
  it('accepts a valid token with an empty-array call that writes nothing', async () => {
    const r = await testConnection(`${sim.url}/some/page`, SANDBOX_TOKEN, opts);
    expect(r).toEqual({ ok: true, value: { site: sim.url, message: expect.stringMatching(/Connected/) as unknown } });
    expect(sim.inspect().log[0]?.records).toBe(0);
    expect(sim.inspect().saved).toEqual([]);
  });
  it('a busy Wasp (429, 503) gets its own verdict, not "network": the token is not in doubt', async () => {
    for (const fault of [
      { kind: 'http', status: 429, resetSeconds: 2 },
      { kind: 'http', status: 503 },
    ] as const) {
      sim.script(fault);
      const r = await testConnection(sim.url, SANDBOX_TOKEN, opts);
      expect(r, `HTTP ${fault.status}`).toMatchObject({
        ok: false,
        error: {
          kind: 'server',
          detail: 'busy',
          message: expect.stringMatching(/Try again in a moment\.$/) as unknown,
        },
      });
      expect(connectionVerdict(r)).toBe('busy');
    }
  });
  it('a 400 about the empty body still means the token was accepted', async () => {
    sim.script({ kind: 'http', status: 400 });
    expect((await testConnection(sim.url, SANDBOX_TOKEN, opts)).ok).toBe(true);
  });
  it('explains 401, 403, offline, a non-Wasp answer and an empty token', async () => {
    const bad = await testConnection(sim.url, 'nope-secret', opts);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(JSON.stringify(bad)).not.toContain('nope-secret');
    expect(await testConnection(sim.url, SANDBOX_NO_PERMISSION_TOKEN, opts)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringContaining('Update Customer') as unknown },
    });
    sim.script({ kind: 'malformed' });
    expect(await testConnection(sim.url, SANDBOX_TOKEN, opts)).toMatchObject({
      ok: false,
      error: { kind: 'server', message: expect.stringContaining('not like Wasp') as unknown },
    });
    expect(await testConnection(sim.url, '  ', opts)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await testConnection('http://example.com', SANDBOX_TOKEN, opts)).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    const url = sim.url;
    await sim.close();
    expect(await testConnection(url, SANDBOX_TOKEN, opts)).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringContaining('refused') as unknown },
    });
    sim = await startSimulator();
  });
  it('maps certificate failures to a plain message', async () => {
    const tlsError = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
    });
    const r = await testConnection('https://acme.example', SANDBOX_TOKEN, {
      ...opts,
      fetch: async () => Promise.reject(tlsError),
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        kind: 'network',
        detail: 'certificate',
        message: expect.stringContaining('certificate has expired') as unknown,
      },
    });
    const selfSigned = Object.assign(new TypeError('fetch failed'), { cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
    expect(
      await testConnection('https://acme.example', SANDBOX_TOKEN, {
        ...opts,
        fetch: async () => Promise.reject(selfSigned),
      }),
    ).toMatchObject({ ok: false, error: { detail: 'certificate' } });
    const dns = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    expect(
      await testConnection('https://acme.example', SANDBOX_TOKEN, { ...opts, fetch: async () => Promise.reject(dns) }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringContaining('could not be found') as unknown },
    });
  });
});
