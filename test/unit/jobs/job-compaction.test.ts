import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { JobService } from '../../../main/jobs/job-service.js';
import { replayJournal } from '../../../main/jobs/journal-replay.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { FAST, job, record, rows, tempDir } from '../../support/sending-fixtures.js';
import { replayedRows } from '../../support/replayed-rows.js';

// The queue compacts a finished job by itself; here it is held back so the long journal can be
// compared with what compaction makes of it.
vi.mock('../../../main/jobs/job-compaction.js', () => ({ compactJournal: async () => null }));
const { compactJournal } = await vi.importActual<typeof import('../../../main/jobs/job-compaction.js')>(
  '../../../main/jobs/job-compaction.js',
);

let sim: Simulator;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  sim = await startSimulator({
    resultMode: 'per-record',
    customers: Array.from({ length: 450 }, (_, i) => `C${100_000 + i}`),
  });
  dir = await tempDir('wasp-compact-');
});
afterEach(async () => {
  await sim.close();
  await dir.remove();
});

describe("compacting a finished job's journal", () => {
  it('replays to the same rows, counts, batches and state from a fraction of the lines', async () => {
    const o = await JobService.open({
      dataDir: dir.path,
      getToken: async () => SANDBOX_TOKEN,
      version: 't',
      owner: 'test',
      send: { ...FAST, batchSize: 10, concurrency: 1 },
    });
    if (!o.ok) throw new Error(o.error.message);
    const s = o.value;
    const list = rows(600, (i) => record(`C${100_000 + i}`));
    list[3] = { ...list[3]!, status: 'invalid', message: 'Broken.' };
    const created = await s.createJob(job(sim.url, list));
    if (!created.ok) throw new Error(created.error.message);
    await s.whenSettled(created.value.id);
    await s.close();
    const jobDir = join(dir.path, 'jobs', created.value.id);
    const before = await replayJournal(jobDir, { repair: false, details: true });
    const rowsBefore = await replayedRows(jobDir);
    expect(before.state).toBe('done');
    expect(before.counts).toMatchObject({ saved: 449, failed: 150, invalid: 1, pending: 0 });
    const linesBefore = (await readFile(join(jobDir, 'journal.jsonl'), 'utf8')).trim().split('\n').length;

    const r = await compactJournal(jobDir);
    expect(r).not.toBeNull();
    const after = await replayJournal(jobDir, { repair: false, details: true });
    expect(after.status).toEqual(before.status);
    expect(after.counts).toEqual(before.counts);
    expect(after.batchesDone).toBe(before.batchesDone);
    expect(after.state).toBe(before.state);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect([...after.details!.entries()].sort()).toEqual([...before.details!.entries()].sort());
    expect(await replayedRows(jobDir)).toEqual(rowsBefore);
    const lines = (await readFile(join(jobDir, 'journal.jsonl'), 'utf8')).trim().split('\n');
    expect(linesBefore).toBeGreaterThan(60);
    expect(lines).toHaveLength(3);
    expect((await stat(join(jobDir, 'journal.jsonl'))).size).toBe(r!.after);
    expect(r!.after).toBeLessThan(r!.before);
  });

  it('leaves a job that is not finished alone', async () => {
    const o = await JobService.open({
      dataDir: dir.path,
      getToken: async () => SANDBOX_TOKEN,
      version: 't',
      owner: 'test',
      send: FAST,
    });
    if (!o.ok) throw new Error(o.error.message);
    const created = await o.value.createJob({ ...job(sim.url, rows(20)), start: false });
    if (!created.ok) throw new Error(created.error.message);
    await o.value.close();
    expect(await compactJournal(join(dir.path, 'jobs', created.value.id))).toBeNull();
  });
});
