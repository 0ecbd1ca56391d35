import { test, expect } from './fixtures.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { CreateJobRequest } from '../../shared/ipc/request-schemas.js';
import { PHONE_FIELDS } from '../../shared/domain/phone-record.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logsDir, readLogEntries } from '../harness/run-logs.js';
import type { LogEntry } from '../../main/logging/logger.js';

/*
 * Issue 17, "the logs of an E2E run show each injected failure once": a run meets a 500, a 429, a
 * dropped connection, a record Wasp refuses, a request and an event that break the IPC contract; main's log
 * (the data folder's logs/main.log, as the app writes it) then has exactly one line for each, with
 * what support needs to place it, and neither the token nor the rows' data.
 */

const TOKEN = 'tok-E2E-logs-5f3c9a7e';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN], phoneTypes: ['Office', 'Mobile'] });
});
test.afterAll(async () => sim.close());
// One call at a time in batches of 5, quick retries: each scripted fault meets exactly one call.
test.use({
  harnessOptions: {
    send: {
      batchSize: 5,
      pacingMs: 0,
      concurrency: 1,
      maxAttempts: 5,
      backoff: { baseMs: 20, capMs: 100, maxServerWaitMs: 2_000 },
    },
  },
});

/** 15 rows; row 9 (index 7) has a phone type Wasp does not know. */
function request(site: string): CreateJobRequest {
  const headers = ['Customer', 'Phone', 'Ext', 'Type'];
  const rows = Array.from({ length: 15 }, (_, i) => {
    const record = {
      CustomerNumber: `CUST-${7000 + i}`,
      PhoneNumber: `+1 415 555 ${String(1200 + i)}`,
      PhoneExtension: '',
      PhoneTypeName: i === 7 ? 'Pager' : 'Office',
    };
    return { row: i + 2, cells: [record.CustomerNumber, record.PhoneNumber, '', record.PhoneTypeName], record };
  });
  const mapping = Object.fromEntries(
    PHONE_FIELDS.map((f, i) => [f, { kind: 'column' as const, column: headers[i]! }]),
  ) as CreateJobRequest['mapping'];
  return { name: 'Logged run', site, mapping, headers, rows };
}

const warnings = (entries: LogEntry[]) => entries.filter((e) => e.level === 'warn' || e.level === 'error');

test('each injected failure is logged once, with its context, without the token or row data', async ({ app }) => {
  const { page } = app;
  await app.services.connections.saveToken(sim.url, TOKEN);
  sim.reset();
  // The first three calls fail: a 500, a 429 (Wasp's reset header: wait 1 s), a dropped connection.
  sim.script({ kind: 'http', status: 500 }, { kind: 'http', status: 429, resetSeconds: 1 }, { kind: 'reset' });
  const job = request(sim.url);

  // A request that breaks the contract (a site that is not text, a row without cells): refused, logged.
  const refused = await page.evaluate(
    async (bad) =>
      (window as unknown as { wasp: { createJob(r: unknown): Promise<{ ok: boolean }> } }).wasp.createJob(bad),
    { ...job, site: 42, rows: [{ row: 2, record: job.rows[0]!.record }] },
  );
  expect(refused.ok).toBe(false);
  // And an event main pushes that breaks the contract (a bug in main): dropped, logged.
  app.services.events.emit('notice', { level: 'loud', message: job.rows[0]!.record.PhoneNumber } as never);

  const created = await page.evaluate(
    async (req) =>
      (
        window as unknown as { wasp: { createJob(r: unknown): Promise<{ ok: boolean; value: { id: string } }> } }
      ).wasp.createJob(req),
    job,
  );
  expect(created.ok).toBe(true);
  await app.services.jobs.whenSettled();
  const summary = (await app.services.jobs.getJob(created.value.id)) as {
    ok: true;
    value: { summary: { state: string; counts: { saved: number; failed: number } } };
  };
  expect(summary.value.summary).toMatchObject({ state: 'done', counts: { saved: 14, failed: 1 } });
  expect(sim.inspect().log.map((c) => c.outcome)).toEqual([500, 429, 'reset', 200, 200, 200]);

  const entries = await readLogEntries(app.dataDir);
  const failed = (kind: string, more: Record<string, unknown>) =>
    entries.filter(
      (e) =>
        e.event === 'Wasp call failed' &&
        e.fields['kind'] === kind &&
        Object.entries(more).every(([k, v]) => e.fields[k] === v),
    );
  const site = { site: sim.url, call: 'save', records: 5 };
  expect(failed('retryable', { status: 500, reason: 'server-busy', ...site })).toHaveLength(1);
  expect(failed('retryable', { status: 429, reason: 'rate-limited', retryAfterMs: 1_000, ...site })).toHaveLength(1);
  expect(failed('retryable', { reason: 'connection-reset', ...site })).toHaveLength(1);
  const refusedRecords = entries.filter((e) => e.event === 'Wasp refused records');
  expect(refusedRecords).toHaveLength(1);
  expect(refusedRecords[0]!.fields).toMatchObject({ ...site, status: 200, failed: 1 });
  const malformed = entries.filter((e) => e.event === 'IPC call refused: malformed request');
  expect(malformed).toHaveLength(1);
  expect(malformed[0]!.fields).toMatchObject({ channel: 'createJob' });
  expect(String(malformed[0]!.fields['issues'])).toMatch(/site/);
  const brokenEvent = entries.filter((e) => e.event === 'event broke the IPC contract');
  expect(brokenEvent).toHaveLength(1);
  expect(brokenEvent[0]!.error?.message).toMatch(/notice/);
  // Nothing else went wrong in this run, so nothing else is a warning: no failure is logged twice
  // under another name (by the run, the queue, the core's rules or the IPC layer).
  expect(warnings(entries).map((e) => e.event)).toHaveLength(6);

  // Redacted by construction: neither the token nor any customer number or phone of the sheet.
  const text = await readFile(join(logsDir(app.dataDir), 'main.log'), 'utf8');
  expect(text).not.toContain(TOKEN);
  for (const r of job.rows) {
    expect(text).not.toContain(r.record.CustomerNumber);
    expect(text).not.toContain(r.record.PhoneNumber);
    expect(text).not.toContain(r.record.PhoneNumber.replace(/\D/g, ''));
  }
});
