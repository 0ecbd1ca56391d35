import { afterEach, describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../../main/sending/adaptive-limit.js';
import { runSend } from '../../../main/sending/send-run.js';
import {
  DEFAULT_SEND_OPTIONS,
  type BatchTransport,
  type ItemOutcome,
  type SendItem,
  type SendOptions,
} from '../../../main/sending/types.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { FAST, record } from '../../support/sending-fixtures.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A transport over real HTTP that notes how many calls were in flight as each one started. */
function counting(s: Simulator) {
  const c = createWaspClient({ site: s.url, token: SANDBOX_TOKEN, version: 't', timeoutMs: 5_000 });
  if (!c.ok) throw new Error(c.error.message);
  const client = c.value;
  let saves = 0;
  let probes = 0;
  const t = {
    inFlightAtStart: [] as number[],
    maxProbesInFlight: 0,
    transport: {
      save: async (records, signal) => {
        saves++;
        t.inFlightAtStart.push(saves);
        try {
          return await client.save(records, signal);
        } finally {
          saves--;
        }
      },
      probe: async (signal) => {
        probes++;
        t.maxProbesInFlight = Math.max(t.maxProbesInFlight, probes);
        try {
          return await client.probe(signal);
        } finally {
          probes--;
        }
      },
    } satisfies BatchTransport,
  };
  return t;
}

async function send(transport: BatchTransport, n: number, options: Partial<SendOptions>) {
  const outcomes = new Map<number, ItemOutcome>();
  let duplicates = 0;
  const items: SendItem[] = Array.from({ length: n }, (_, id) => ({ id, record: record(`C${id}`) }));
  const end = await runSend({
    items,
    transport,
    options: { ...DEFAULT_SEND_OPTIONS, ...FAST, ...options },
    signal: new AbortController().signal,
    hooks: {
      commit: async (outs) => {
        for (const o of outs) {
          if (outcomes.has(o.id)) duplicates++;
          outcomes.set(o.id, o);
        }
      },
      status: () => undefined,
    },
  });
  return { end, outcomes, duplicates };
}

describe('adaptive sending', () => {
  it('is on by default: at most 4 calls in flight, starting with one and the 300 ms gap', () => {
    expect(DEFAULT_SEND_OPTIONS.concurrency).toBe(4);
    expect(DEFAULT_SEND_OPTIONS.pacingMs).toBe(300);
    expect(new AdaptiveLimit({ max: 4 }).current).toBe(1);
  });

  it('grows only on fast answers, halves on throttling and keeps below the throttled level for a while', () => {
    let now = 0;
    const l = new AdaptiveLimit({ max: 4, now: () => now, ceilingMs: 60_000 });
    l.success(100);
    l.success(100);
    expect(l.current).toBe(2);
    // Answers slowing down (the server is queueing us) do not count towards growing.
    for (let i = 0; i < 20; i++) l.success(1_000);
    expect(l.current).toBe(2);
    for (let i = 0; i < 4; i++) l.success(120);
    expect(l.current).toBe(3);
    for (let i = 0; i < 6; i++) l.success(120);
    expect(l.current).toBe(4);
    l.throttled();
    expect(l.current).toBe(2);
    for (let i = 0; i < 100; i++) l.success(100);
    expect(l.current).toBe(3); // 4 was too much a moment ago
    now += 60_001;
    for (let i = 0; i < 6; i++) l.success(100);
    expect(l.current).toBe(4); // tried again after the ceiling expired
  });

  it('against the simulator rate limit (3 calls per window, 429 + wasp-overloadprotection-reset): settles under it with few 429s, every row once', async () => {
    // Each answer takes as long as the window, so three calls in flight are exactly the allowance.
    sim = await startSimulator({ latencyMs: 120, rateLimit: { maxCalls: 3, windowMs: 120, resetSeconds: 0.12 } });
    const t = counting(sim);
    const r = await send(t.transport, 80, { batchSize: 1, concurrency: 4, maxAttempts: 50 });
    expect(r.end).toEqual({ kind: 'done' });
    expect(r.outcomes.size).toBe(80);
    expect([...r.outcomes.values()].every((o) => o.status === 'saved')).toBe(true);
    expect(r.duplicates).toBe(0);
    const log = sim.inspect().log;
    const limited = log.filter((c) => c.outcome === 429);
    // It started with one call and grew to probe four once: the server said no, and it stayed under.
    expect(t.inFlightAtStart.slice(0, 2)).toEqual([1, 1]);
    expect(Math.max(...t.inFlightAtStart)).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length / log.length).toBeLessThan(0.05);
    const firstLimited = log.findIndex((c) => c.outcome === 429);
    const afterwards = log.slice(firstLimited + 4);
    expect(afterwards.filter((c) => c.outcome === 429)).toHaveLength(0);
  });

  it('with --max-parallel 1 it never has two calls in flight', async () => {
    sim = await startSimulator({ latencyMs: 5 });
    const t = counting(sim);
    const r = await send(t.transport, 30, { batchSize: 1, concurrency: 1 });
    expect(r.outcomes.size).toBe(30);
    expect(Math.max(...t.inFlightAtStart)).toBe(1);
  });

  it('a 503 with a reset header halves too, and while offline only one probe is ever in flight', async () => {
    sim = await startSimulator({ latencyMs: 5 });
    const t = counting(sim);
    // Connection resets until the attempts run out, then probing; the resets also hit the probes.
    sim.script(...Array.from({ length: 12 }, () => ({ kind: 'reset' as const })), {
      kind: 'http',
      status: 503,
      resetSeconds: 0.01,
    });
    const r = await send(t.transport, 40, { batchSize: 2, concurrency: 4, maxAttempts: 3 });
    expect(r.end).toEqual({ kind: 'done' });
    expect(r.outcomes.size).toBe(40);
    expect(t.maxProbesInFlight).toBe(1);
  });
});
