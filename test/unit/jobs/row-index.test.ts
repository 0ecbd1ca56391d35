import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { JobService } from '../../../main/jobs/job-service.js';
import { PendingRowReader, pagePositions } from '../../../main/jobs/row-index.js';
import { STATUS } from '../../../main/jobs/job-files.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import type { RowStatus } from '../../../shared/domain/job.js';
import { FAST, job, record, rows, tempDir } from '../../support/sending-fixtures.js';
import { replayedRows } from '../../support/replayed-rows.js';

let sim: Simulator;
let dir: Awaited<ReturnType<typeof tempDir>>;
let services: JobService[] = [];

beforeEach(async () => {
  // Customers C100000…C100899 exist; the rest fail with a message naming them.
  sim = await startSimulator({
    resultMode: 'failures-with-key',
    customers: Array.from({ length: 900 }, (_, i) => `C${100_000 + i}`),
  });
  dir = await tempDir('wasp-index-');
});
afterEach(async () => {
  for (const s of services) await s.close();
  services = [];
  await sim.close();
  await dir.remove();
});

async function open(): Promise<JobService> {
  const o = await JobService.open({
    dataDir: dir.path,
    getToken: async () => SANDBOX_TOKEN,
    version: 't',
    owner: 'test',
    send: { ...FAST, batchSize: 50, concurrency: 1 },
  });
  if (!o.ok) throw new Error(o.error.message);
  services.push(o.value);
  return o.value;
}

/** 1,000 rows handed over out of sheet order, with invalid and skipped rows among them. */
function mixedRows() {
  const list = rows(1_000, (i) => record(`C${100_000 + i}`, i % 7 === 0 ? 'Mobile' : 'Office'));
  for (let i = 0; i < list.length; i += 13)
    list[i] = { ...list[i]!, status: 'invalid', message: `Row ${list[i]!.row} is broken.` };
  for (let i = 5; i < list.length; i += 31)
    list[i] = { ...list[i]!, status: 'skipped', message: 'Same as another row.' };
  // Reverse blocks of 100 so the sheet order must be restored.
  const shuffled = [];
  for (let b = 900; b >= 0; b -= 100) shuffled.push(...list.slice(b, b + 100));
  return shuffled;
}

const FILTERS: Array<RowStatus[] | undefined> = [
  undefined,
  ['failed'],
  ['saved'],
  ['invalid', 'skipped'],
  ['pending'],
  ['failed', 'saved', 'pending'],
];

async function expectPagesMatchReplay(s: JobService, id: string) {
  const jobDir = join(dir.path, 'jobs', id);
  for (const statuses of FILTERS) {
    const all = await replayedRows(jobDir, statuses);
    for (const [offset, limit] of [
      [0, 200],
      [150, 77],
      [all.length - 5, 50],
      [all.length + 10, 20],
      [999, 1],
    ] as const) {
      const page = await s.getJobRows(id, { offset: Math.max(0, offset), limit, ...(statuses ? { statuses } : {}) });
      if (!page.ok) throw new Error(page.error.message);
      expect(page.value.total).toBe(all.length);
      expect(page.value.rows).toEqual(all.slice(Math.max(0, offset), Math.max(0, offset) + limit));
    }
  }
}

describe('rows read by index', () => {
  it('every page, with and without status filters, equals a full replay of the journal: paused part way, finished (compacted), reopened', async () => {
    const s = await open();
    sim.setOptions({ latencyMs: 5 });
    const created = await s.createJob(job(sim.url, mixedRows()));
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    // Mid-send: pages are read while batches land.
    await new Promise<void>((resolve) => {
      const off = s.onProgress((p) => {
        if (p.batch >= 6) {
          off();
          resolve();
        }
      });
    });
    await s.pause(id);
    const paused = s.listJobs()[0]!;
    expect(paused.counts.pending).toBeGreaterThan(0);
    expect(paused.counts.saved + paused.counts.failed).toBeGreaterThan(0);
    await expectPagesMatchReplay(s, id);

    await s.resume(id);
    await s.whenSettled(id);
    const done = s.listJobs()[0]!;
    expect(done.state).toBe('done');
    expect(done.counts.failed).toBeGreaterThan(0);
    await expectPagesMatchReplay(s, id);
    // The finished job's journal was compacted into its final state.
    expect((await readFile(join(dir.path, 'jobs', id, 'journal.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);

    // A fresh process reads the same pages (details loaded once from the compacted journal).
    await s.close();
    services = [];
    const again = await open();
    await expectPagesMatchReplay(again, id);
  });

  it('a page does not replay the journal: once the messages are loaded, pages are read from the rows file alone', async () => {
    const s = await open();
    const created = await s.createJob(job(sim.url, mixedRows()));
    if (!created.ok) throw new Error(created.error.message);
    await s.whenSettled(created.value.id);
    const first = await s.getJobRows(created.value.id, { offset: 0, limit: 10 });
    expect(first.ok).toBe(true);
    const journal = join(dir.path, 'jobs', created.value.id, 'journal.jsonl');
    await rename(journal, `${journal}.away`);
    try {
      for (const offset of [0, 500, 990]) {
        const page = await s.getJobRows(created.value.id, {
          offset,
          limit: 10,
          statuses: ['failed', 'saved', 'invalid', 'skipped'],
        });
        expect(page.ok).toBe(true);
      }
    } finally {
      await rename(`${journal}.away`, journal);
    }
  });

  it('a run reads the rows still pending a batch at a time, in sheet order, skipping rows answered meanwhile', async () => {
    const s = await open();
    const created = await s.createJob({ ...job(sim.url, mixedRows()), start: 'later' });
    if (!created.ok) throw new Error(created.error.message);
    const jobDir = join(dir.path, 'jobs', created.value.id);
    const status = new Uint8Array(1_000);
    for (let i = 0; i < 1_000; i += 13) status[i] = STATUS.invalid;
    for (let i = 5; i < 1_000; i += 31) status[i] = STATUS.skipped;
    const reader = await PendingRowReader.open(jobDir, status, 64);
    try {
      const first = (await reader.take(50))!;
      expect(first.map((t) => t.id)).toEqual(
        Array.from({ length: 1_000 }, (_, i) => i)
          .filter((i) => status[i] === STATUS.pending)
          .slice(0, 50),
      );
      expect(first[0]!.record.CustomerNumber).toBe('C100001');
      // Rows answered since the reader started (a batch that landed) are not handed out again.
      for (let i = 0; i < 1_000; i++) if (i >= 500 && status[i] === STATUS.pending) status[i] = STATUS.saved;
      const rest: number[] = [];
      for (let part = await reader.take(50); part !== null; part = await reader.take(50)) {
        expect(part.length).toBeLessThanOrEqual(50);
        rest.push(...part.map((t) => t.id));
      }
      expect(Math.max(...rest)).toBeLessThan(500);
      expect(new Set([...first.map((t) => t.id), ...rest]).size).toBe(first.length + rest.length);
      // Every row still pending after the first 50 and before row 500 comes, once; none answered meanwhile.
      const expected = Array.from({ length: 500 }, (_, i) => i).filter(
        (i) => i > first.at(-1)!.id && i % 13 !== 0 && (i - 5) % 31 !== 0,
      );
      expect(rest).toEqual(expected);
      expect(await reader.take(50)).toBeNull();
    } finally {
      await reader.close();
    }
  });

  it('a filtered page is found from the statuses in memory; its total comes from the counts', () => {
    const status = Uint8Array.from([0, 1, 2, 1, 3, 1, 4, 2, 1]);
    const counts = { total: 9, pending: 1, saved: 4, failed: 2, invalid: 1, skipped: 1 };
    expect(pagePositions(status, counts, { offset: 1, limit: 2, statuses: ['saved'] })).toEqual({
      total: 4,
      positions: [3, 5],
    });
    expect(pagePositions(status, counts, { offset: 0, limit: 10, statuses: ['failed', 'skipped'] })).toEqual({
      total: 3,
      positions: [2, 6, 7],
    });
    expect(pagePositions(status, counts, { offset: 7, limit: 5 })).toEqual({ total: 9, positions: [7, 8] });
  });
});
