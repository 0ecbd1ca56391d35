import { afterEach, describe, expect, it } from 'vitest';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { DEFAULT_BACKOFF, retryDelayMs, serverRequestedDelayMs } from '../../../main/wasp-api/retry-delay.js';
import { runSend } from '../../../main/sending/send-run.js';
import type { RunStatus, SendOptions } from '../../../main/sending/types.js';
import { hostileServer, type HostileServer } from '../../support/hostile-server.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOW = Date.parse('2026-11-30T08:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('D3: what a server asks us to wait', () => {
  it.each([
    ['Retry-After: -5 (Date.parse reads it as a day in 2001)', { 'retry-after': '-5' }],
    ['Retry-After: a date already past', { 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' }],
    ['Retry-After: words', { 'retry-after': 'soon' }],
    ['wasp-overloadprotection-reset: -1', { 'wasp-overloadprotection-reset': '-1' }],
  ])('%s is ignored in favour of the back-off', (_name, h) => {
    expect(serverRequestedDelayMs(headers(h), NOW)).toBeUndefined();
  });

  it('a future HTTP date and plain seconds are honoured', () => {
    expect(serverRequestedDelayMs(headers({ 'retry-after': 'Mon, 30 Nov 2026 08:00:30 GMT' }), NOW)).toBe(30_000);
    expect(serverRequestedDelayMs(headers({ 'wasp-overloadprotection-reset': ' 3 ' }), NOW)).toBe(3_000);
  });

  it('a wait of 0 s is raised to the 1 s floor; an absurd one is cut to the ceiling', () => {
    expect(retryDelayMs(0, 1, DEFAULT_BACKOFF)).toBe(1_000);
    expect(retryDelayMs(0, 7, DEFAULT_BACKOFF)).toBe(1_000);
    expect(retryDelayMs(10 ** 12, 1, DEFAULT_BACKOFF)).toBe(DEFAULT_BACKOFF.maxServerWaitMs);
  });
});

/** A clock that moves on a few milliseconds each time it is read: a machine too busy to run the sender promptly. */
function busyClock(stepMs: number): () => number {
  let t = Date.now();
  return () => (t = Math.max(t + stepMs, Date.now()));
}

describe('D3: a server that always answers 429 "retry in 0 s"', () => {
  it.each([
    ['wasp-overloadprotection-reset: 0', { 'wasp-overloadprotection-reset': '0' }, undefined],
    ['Retry-After: -5', { 'Retry-After': '-5' }, undefined],
    // Failed before: the wait was announced when the sender next looked, as what was left of it.
    ['Retry-After: -5 on a busy machine', { 'Retry-After': '-5' }, busyClock(7)],
  ])('%s: every wait has the floor and the probing slows down', async (_name, h, now) => {
    server = await hostileServer((_c, _r, res) =>
      res.writeHead(429, { 'Content-Type': 'application/json', ...h }).end('{}'),
    );
    const client = createWaspClient({ site: server.url, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    // Small numbers so the test is quick; the floors are the production rule scaled down.
    const floor = 40;
    const options: SendOptions = {
      batchSize: 500,
      pacingMs: 0,
      concurrency: 1,
      maxAttempts: 3,
      backoff: { baseMs: 40, capMs: 200, maxServerWaitMs: 5_000, minWaitMs: floor },
      probeBackoff: { baseMs: 40, capMs: 2_000, maxServerWaitMs: 5_000, minWaitMs: floor },
    };
    const stop = new AbortController();
    const waits: { state: string; ms: number }[] = [];
    const onStatus = (s: RunStatus) => {
      if (s.state === 'sending') return;
      waits.push({ state: s.state, ms: s.waitMs ?? -1 });
      if (waits.filter((w) => w.state === 'offline').length >= 5) stop.abort();
    };
    const end = await runSend({
      items: [
        {
          id: 0,
          record: { CustomerNumber: 'C1', PhoneNumber: '5551234567', PhoneExtension: '', PhoneTypeName: 'Office' },
        },
      ],
      transport: { save: (r, s) => client.value.save(r, s), probe: (s) => client.value.probe(s) },
      hooks: { commit: async () => {}, status: onStatus },
      options,
      signal: stop.signal,
      random: () => 0,
      ...(now === undefined ? {} : { now }),
    });
    expect(end.kind).toBe('interrupted');
    for (const w of waits) expect(w.ms).toBeGreaterThanOrEqual(floor);
    const probing = waits.filter((w) => w.state === 'offline').map((w) => w.ms);
    // Equal-jitter back-off with random() = 0: half of 40, 80, 160, 320, 640 ms, never under the floor.
    expect(probing).toEqual([40, 40, 80, 160, 320]);
    // 3 sends and one probe after each of the first 4 offline waits (the 5th wait was cut short).
    expect(server.calls.length).toBe(3 + 4);
  });
});
