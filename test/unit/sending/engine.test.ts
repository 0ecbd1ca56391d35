import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSend } from '../../../main/sending/send-run.js';
import {
  DEFAULT_SEND_OPTIONS,
  type BatchTransport,
  type ItemOutcome,
  type RunStatus,
  type SendItem,
  type SendOptions,
} from '../../../main/sending/types.js';
import { Waker } from '../../../main/sending/wake.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import type { SimulatorOptions } from '../../../main/simulator/options.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import { eventually, FAST, record } from '../../support/sending-fixtures.js';

let sim: Simulator;
afterEach(async () => {
  await sim?.close();
});

interface Harness {
  outcomes: Map<number, ItemOutcome>;
  duplicates: number;
  completed: number;
  statuses: RunStatus[];
  transport: BatchTransport;
  maxInFlight: number;
}

function harness(timeoutMs = 2_000): Harness {
  const c = createWaspClient({ site: sim.url, token: SANDBOX_TOKEN, version: 't', timeoutMs });
  if (!c.ok) throw new Error(c.error.message);
  const client = c.value;
  let inFlight = 0;
  const h: Harness = {
    outcomes: new Map(),
    duplicates: 0,
    completed: 0,
    statuses: [],
    maxInFlight: 0,
    transport: {
      save: async (records, signal) => {
        inFlight++;
        h.maxInFlight = Math.max(h.maxInFlight, inFlight);
        try {
          return await client.save(records, signal);
        } finally {
          inFlight--;
        }
      },
      probe: (signal) => client.probe(signal),
    },
  };
  return h;
}

async function run(
  h: Harness,
  items: SendItem[],
  options: Partial<SendOptions> = {},
  signal = new AbortController().signal,
  onlineHint?: Waker,
) {
  return runSend({
    items,
    transport: h.transport,
    options: { ...DEFAULT_SEND_OPTIONS, ...FAST, ...options },
    signal,
    ...(onlineHint === undefined ? {} : { onlineHint }),
    hooks: {
      commit: async (outs, completed) => {
        h.completed += completed;
        for (const o of outs) {
          if (h.outcomes.has(o.id)) h.duplicates++;
          h.outcomes.set(o.id, o);
        }
      },
      status: (s) => h.statuses.push(s),
    },
  });
}

const items = (records: PhoneRecord[]): SendItem[] => records.map((record, id) => ({ id, record }));

/**
 * A batch that exercises attribution: unknown customers, an unknown phone type, and customers with
 * several phones where only one fails (so a customer number alone does not identify the row).
 */
function mixedBatch(): { records: PhoneRecord[]; expectFailed: Set<number> } {
  const records: PhoneRecord[] = [];
  const expectFailed = new Set<number>();
  for (let i = 0; i < 120; i++) {
    const customer = i % 17 === 5 ? `X${i}` : `K${i % 40}`;
    const type = i % 23 === 7 ? 'Pager' : ['Office', 'Mobile', 'Home'][Math.floor(i / 40)]!;
    if (customer.startsWith('X') || type === 'Pager') expectFailed.add(i);
    records.push(record(customer, type, `+1 555 01${String(i).padStart(2, '0')}`));
  }
  return { records, expectFailed };
}

const known = Array.from({ length: 40 }, (_, i) => `K${i}`);

describe('runSend result modes', () => {
  it.each<[string, Partial<SimulatorOptions>]>([
    ['per-record, in order', { resultMode: 'per-record' }],
    ['failures only, key in FieldName', { resultMode: 'failures-with-key', keyIn: 'FieldName' }],
    ['failures only, key in Message', { resultMode: 'failures-with-key', keyIn: 'Message' }],
    ['failures only, without a key', { resultMode: 'failures-without-key' }],
    ['corrected SuccessfulResults spelling', { resultMode: 'failures-with-key', spelling: 'SuccessfulResults' }],
  ])('%s: every row gets the right outcome exactly once', async (_name, simOptions) => {
    sim = await startSimulator({ customers: known, ...simOptions });
    const { records, expectFailed } = mixedBatch();
    const h = harness();
    const end = await run(h, items(records), { batchSize: 50 });
    expect(end).toEqual({ kind: 'done' });
    expect(h.duplicates).toBe(0);
    expect(h.outcomes.size).toBe(records.length);
    expect(h.completed).toBe(3);
    for (const [id, o] of h.outcomes) {
      expect(o.status, `row ${id}`).toBe(expectFailed.has(id) ? 'failed' : 'saved');
      if (o.status === 'failed') {
        expect(o.message).toMatch(/not found|does not exist/);
        expect(o.wasp?.resultCode).toBeLessThan(0);
        expect([404, 422]).toContain(o.wasp?.httpStatusCode);
      }
    }
    const saved = sim.inspect().saved;
    expect(saved).toHaveLength(records.length - expectFailed.size);
  });

  it('without keys, failing rows are isolated by splitting (more calls, still correct)', async () => {
    sim = await startSimulator({ customers: ['A', 'B', 'C', 'D'], resultMode: 'failures-without-key' });
    const records = ['A', 'B', 'Z', 'C', 'D', 'A', 'B', 'C'].map((c, i) => record(c, ['Office', 'Mobile'][i % 2]));
    const h = harness();
    await run(h, items(records));
    expect([...h.outcomes.values()].filter((o) => o.status === 'failed').map((o) => o.id)).toEqual([2]);
    expect(h.outcomes.get(2)?.message).toBe('Customer not found.');
    expect(sim.inspect().recordCalls).toBeGreaterThan(1);
    expect(h.completed).toBe(1);
  });

  it('an unexplained error on a single record fails that record with the text given', async () => {
    sim = await startSimulator();
    sim.script({
      kind: 'raw',
      body: JSON.stringify({ HasError: true, Messages: [{ Message: 'Database timeout' }], Data: null }),
    });
    const h = harness();
    await run(h, items([record('C1')]));
    expect(h.outcomes.get(0)).toMatchObject({ status: 'failed', message: 'Database timeout' });
  });
});

describe('runSend faults', () => {
  beforeEach(async () => {
    sim = await startSimulator();
  });

  it('rides out every scripted fault and saves each row once', async () => {
    sim.script(
      { kind: 'http', status: 429, resetSeconds: 0.05 },
      { kind: 'http', status: 502 },
      { kind: 'http', status: 503 },
      { kind: 'http', status: 504 },
      { kind: 'reset', afterSave: true },
      { kind: 'hang', afterSave: true },
      { kind: 'malformed', afterSave: true },
      { kind: 'http', status: 503 },
    );
    const h = harness(300);
    const records = Array.from({ length: 40 }, (_, i) => record(`C${i}`));
    const end = await run(h, items(records), { batchSize: 10, maxAttempts: 10 });
    expect(end).toEqual({ kind: 'done' });
    expect(h.duplicates).toBe(0);
    expect([...h.outcomes.values()].every((o) => o.status === 'saved')).toBe(true);
    expect(h.outcomes.size).toBe(40);
    const state = sim.inspect();
    expect(state.pendingFaults).toBe(0);
    expect(state.saved).toHaveLength(40);
    // The first batch met all eight faults in turn; three of them wrote before failing (an answer
    // lost after the write), so its rows were written four times; Wasp's upsert makes that harmless,
    // and the job still counts each row once (duplicates above).
    expect(state.writes).toBe(40 + 3 * 10);
    const waiting = h.statuses.find((s) => s.state === 'waiting');
    expect(waiting).toMatchObject({
      state: 'waiting',
      waitSeconds: 1,
      message: expect.stringContaining('slow down') as unknown,
    });
  });

  it('honours the rate-limit header before the next call', async () => {
    sim.script({ kind: 'http', status: 429, resetSeconds: 0.3 });
    const h = harness();
    await run(h, items([record('C1')]), { backoff: { baseMs: 5, capMs: 20, maxServerWaitMs: 5_000 } });
    const [first, second] = sim.inspect().log;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(280);
  });

  it('goes offline when retries run out, probes, and resumes by itself', async () => {
    sim.script(...Array.from({ length: 6 }, () => ({ kind: 'http', status: 503 }) as const));
    const h = harness();
    const end = await run(h, items([record('C1'), record('C2')]), { maxAttempts: 3 });
    expect(end).toEqual({ kind: 'done' });
    expect(h.statuses.some((s) => s.state === 'offline')).toBe(true);
    expect(h.statuses.at(-1)).toEqual({ state: 'sending' });
    expect(sim.inspect().log.map((c) => c.records)).toEqual([2, 2, 2, 0, 0, 0, 0, 2]);
  });

  it('waits offline while the server is down and continues when it is back; the online hint cuts the wait short', async () => {
    const port = sim.port;
    await sim.close();
    const h = harness();
    const hint = new Waker();
    const done = run(
      h,
      items([record('C1'), record('C2')]),
      { probeBackoff: { baseMs: 60_000, capMs: 60_000, maxServerWaitMs: 60_000 } },
      undefined,
      hint,
    );
    // The run says it is offline once its first call was refused: wait for that status, not for a time.
    await eventually(() => h.statuses.at(-1)?.state === 'offline', 5_000, 'the offline status');
    expect(h.statuses.at(-1)).toMatchObject({
      state: 'offline',
      message: expect.stringContaining('refused') as unknown,
    });
    sim = await startSimulator({ port });
    // The next probe is a minute away: only the hint can end the run within the test's time.
    hint.fire();
    expect(await done).toEqual({ kind: 'done' });
    expect(sim.inspect().saved).toHaveLength(2);
  });

  it('a 401 mid-run ends it at once with no further calls', async () => {
    const h = harness();
    sim.script({ kind: 'http', status: 401 });
    const end = await run(h, items(Array.from({ length: 30 }, (_, i) => record(`C${i}`))), { batchSize: 10 });
    expect(end.kind).toBe('auth');
    expect(sim.inspect().calls).toBe(1);
    expect(h.outcomes.size).toBe(0);
  });

  it('other 4xx stop the run as fatal with an explanation', async () => {
    sim.script({ kind: 'http', status: 404 });
    const end = await run(harness(), items([record('C1')]));
    expect(end).toMatchObject({ kind: 'fatal', message: expect.stringContaining('HTTP 404') as unknown });
  });

  it('aborting the signal interrupts a hanging call and leaves the rows without outcome', async () => {
    sim.script({ kind: 'hang' });
    const h = harness(10_000);
    const ac = new AbortController();
    const ended = run(h, items([record('C1')]), {}, ac.signal);
    // Abort once the call is on the server (its log has it), so the abort meets a call in flight.
    await eventually(() => sim.inspect().calls === 1, 5_000, 'the call to reach the simulator');
    ac.abort();
    // 'interrupted', not the 10 s call timeout's retry: the abort itself ended the call.
    expect(await ended).toEqual({ kind: 'interrupted' });
    expect(h.outcomes.size).toBe(0);
  });
});

describe('runSend pacing and concurrency', () => {
  it('keeps the pacing gap between sequential calls', async () => {
    sim = await startSimulator();
    const h = harness();
    await run(h, items(Array.from({ length: 4 }, (_, i) => record(`C${i}`))), {
      batchSize: 1,
      pacingMs: 80,
      concurrency: 1,
    });
    const at = sim.inspect().log.map((c) => c.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(75);
    expect(h.maxInFlight).toBe(1);
  });

  it('bounded concurrency grows on success and halves on 429', async () => {
    sim = await startSimulator({ latencyMs: 15 });
    const h = harness();
    await run(h, items(Array.from({ length: 200 }, (_, i) => record(`C${i}`))), { batchSize: 2, concurrency: 4 });
    expect(h.maxInFlight).toBe(4);
    expect(h.outcomes.size).toBe(200);

    // Against a rate limit: 429s happen, are waited out, and every row still ends once.
    sim.setOptions({ rateLimit: { maxCalls: 3, windowMs: 60, resetSeconds: 0.03 } });
    const h2 = harness();
    await run(h2, items(Array.from({ length: 60 }, (_, i) => record(`D${i}`))), {
      batchSize: 2,
      concurrency: 4,
      maxAttempts: 50,
    });
    expect(h2.outcomes.size).toBe(60);
    expect(h2.duplicates).toBe(0);
    expect(sim.inspect().log.some((c) => c.outcome === 429)).toBe(true);
  });
});
