import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';

const open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function call(
  sim: Simulator,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sim.port,
        path,
        method: options.method ?? 'GET',
        headers: { 'User-Agent': 'test/1', ...options.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('simulator guards', () => {
  it('the Sandbox build (controls off) has no scripting or inspection endpoints', async () => {
    const sim = await startSimulator({ controls: false });
    open.push(sim);
    expect(await call(sim, '/__sim/state')).toBe(404);
    expect(await call(sim, '/__sim/script', { method: 'POST', body: '[{"kind":"hang"}]' })).toBe(404);
    expect(sim.inspect().pendingFaults).toBe(0);
  });

  it('answers only local clients by name, never a browser page', async () => {
    const sim = await startSimulator();
    open.push(sim);
    expect(await call(sim, '/__sim/state')).toBe(200);
    expect(await call(sim, '/__sim/state', { headers: { Host: 'attacker.example:80' } })).toBe(403);
    expect(await call(sim, '/__sim/state', { headers: { Origin: 'https://evil.example' } })).toBe(403);
  });

  it('refuses a body far larger than any Wasp batch with 413', async () => {
    const sim = await startSimulator();
    open.push(sim);
    const status = await call(sim, '/public-api/phones/customer/save', {
      method: 'POST',
      headers: { Authorization: `Bearer ${SANDBOX_TOKEN}`, 'Content-Type': 'application/json' },
      body: Buffer.alloc(17 * 1024 * 1024, 0x20),
    });
    expect(status).toBe(413);
  });

  it('logs how many save calls were in flight when each arrived (what the sending-speed E2E reads)', async () => {
    const sim = await startSimulator({ latencyMs: 150 });
    open.push(sim);
    const save = () =>
      call(sim, '/public-api/phones/customer/save', {
        method: 'POST',
        headers: { Authorization: `Bearer ${SANDBOX_TOKEN}`, 'Content-Type': 'application/json' },
        body: '[]',
      });
    await save();
    await Promise.all([save(), save(), save()]);
    await save();
    const inFlight = sim.inspect().log.map((c) => c.inFlight);
    expect(inFlight[0]).toBe(1);
    expect([...inFlight.slice(1, 4)].sort()).toEqual([1, 2, 3]);
    expect(inFlight[4]).toBe(1);
  });
});
