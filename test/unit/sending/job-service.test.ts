import { describe, expect, it } from 'vitest';
import { readFile, appendFile, readdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { countsAddUp, type JobProgress } from '../../../shared/domain/job.js';
import { JobService } from '../../../main/jobs/job-service.js';
import { readDefinition } from '../../../main/jobs/job-definition.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { useQueueFixture } from '../../support/queue-fixture.js';
import { FAST, eventually, job, record, rows } from '../../support/sending-fixtures.js';

const q = useQueueFixture({ version: '9.9.9', owner: 'app' });
const service = q.service;

describe('JobService', () => {
  it('sends 1,234 rows as batches of 500, 500 and 234 and saves every row once', async () => {
    const s = await service();
    const events: JobProgress[] = [];
    s.onProgress((p) => events.push(p));
    const created = await s.createJob(job(q.sim.url, rows(1234)));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    await s.whenSettled(created.value.id);
    const state = q.sim.inspect();
    expect(state.log.map((c) => c.records)).toEqual([500, 500, 234]);
    expect(state.saved).toHaveLength(1234);
    expect(state.saved.every((p) => p.writes === 1)).toBe(true);
    const [summary] = s.listJobs();
    expect(summary).toMatchObject({
      state: 'done',
      batchesDone: 3,
      batchesTotal: 3,
      counts: { total: 1234, saved: 1234, failed: 0, pending: 0 },
    });
    const batchEvents = events.filter((e) => e.state === 'sending' && e.counts.saved > 0);
    expect(batchEvents.map((e) => [e.batch, e.batches, e.counts.saved])).toEqual([
      [1, 3, 500],
      [2, 3, 1000],
      [3, 3, 1234],
    ]);
    expect(events.at(-1)?.state).toBe('done');
    expect(batchEvents.at(-1)?.etaSeconds).toBe(0);
    expect(batchEvents[0]!.rate).toBeGreaterThan(0);
    expect(batchEvents[0]!.etaSeconds).toBeGreaterThan(0);
  });

  it('a job created while the site is down waits offline and sends by itself when it is back', async () => {
    const port = q.sim.port;
    await q.sim.close();
    const s = await service({
      send: { ...FAST, probeBackoff: { baseMs: 60_000, capMs: 60_000, maxServerWaitMs: 60_000 } },
    });
    const events: JobProgress[] = [];
    s.onProgress((p) => events.push(p));
    await s.createJob(job(`http://127.0.0.1:${port}`, rows(5)));
    await eventually(() => s.listJobs()[0]?.state === 'offline', 5_000, 'offline');
    expect(events.at(-1)).toMatchObject({ state: 'offline', message: expect.stringContaining('refused') as unknown });
    expect(events.at(-1)?.waitSeconds).toBeGreaterThanOrEqual(30);
    await q.restartSimulator({ port });
    s.notifyOnline();
    await s.whenSettled();
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 5 } });
  });

  it('writes the job to disk before the first call and never writes the token', async () => {
    q.sim.setOptions({ latencyMs: 200 });
    const s = await service();
    const created = await s.createJob(job(`${q.sim.url}/some/page?x=1`, rows(10)));
    if (!created.ok) throw new Error('create failed');
    expect(created.value.site).toBe(q.sim.url);
    // The call cannot have been answered yet; the job must already be complete on disk.
    const jobDir = join(q.dir.path, 'jobs', created.value.id);
    expect((await readDefinition(jobDir)).rows).toHaveLength(10);
    await s.whenSettled();
    for (const f of await readdir(jobDir)) expect(await readFile(join(jobDir, f), 'utf8')).not.toContain(SANDBOX_TOKEN);
  });

  it('stores invalid and skipped rows but never sends them; counts add up', async () => {
    const s = await service();
    const list = rows(6);
    list[1] = { ...list[1]!, status: 'invalid', message: 'Phone number is empty' };
    list[4] = { ...list[4]!, status: 'skipped', message: 'Same as row 3' };
    list[5] = { ...list[5]!, record: record('C9', 'Pager') };
    const created = await s.createJob(job(q.sim.url, list));
    if (!created.ok) throw new Error('create failed');
    await s.whenSettled();
    expect(q.sim.inspect().log.map((c) => c.records)).toEqual([4]);
    const detail = await s.getJob(created.value.id);
    if (!detail.ok) throw new Error('getJob failed');
    expect(detail.value.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'saved'],
      [3, 'invalid'],
      [4, 'saved'],
      [5, 'saved'],
      [6, 'skipped'],
      [7, 'failed'],
    ]);
    expect(detail.value.rows[1]!.message).toBe('Phone number is empty');
    expect(detail.value.rows[5]).toMatchObject({
      message: "Phone type 'Pager' does not exist.",
      wasp: { httpStatusCode: 422, resultCode: -3 },
    });
    expect(detail.value.summary.counts).toEqual({ total: 6, saved: 3, failed: 1, invalid: 1, skipped: 1, pending: 0 });
    expect(countsAddUp(detail.value.summary.counts)).toBe(true);
    expect(detail.value.rows[0]!.cells).toEqual(list[0]!.cells);
  });

  it('stops on 401 without retrying, and resumes by itself when told about a new token', async () => {
    let token = 'expired-token';
    const s = await service({ getToken: async () => token });
    const created = await s.createJob(job(q.sim.url, rows(1200)));
    if (!created.ok) throw new Error('create failed');
    await s.whenSettled();
    expect(s.listJobs()[0]).toMatchObject({ state: 'auth', counts: { pending: 1200 } });
    expect(s.listJobs()[0]!.stateMessage).toMatch(/token/);
    // Exactly one call: a 401 must not turn into a retry storm. No wait: whenSettled resolved only
    // once the job had no run left, so every call it was ever going to make is already counted.
    expect(q.sim.inspect().calls).toBe(1);

    token = SANDBOX_TOKEN;
    await s.tokenChanged(`${q.sim.url}/anything`);
    await s.whenSettled();
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 1200, pending: 0 } });
    expect(q.sim.inspect().calls).toBe(4);
  });

  it('a job without a saved token waits in auth without calling Wasp', async () => {
    const s = await service({ getToken: async () => null });
    await s.createJob(job(q.sim.url, rows(3)));
    await s.whenSettled();
    expect(s.listJobs()[0]).toMatchObject({ state: 'auth' });
    expect(q.sim.inspect().calls).toBe(0);
  });

  it('403 stops the job as forbidden with the reason', async () => {
    const s = await service({ getToken: async () => 'wasp-sandbox-no-permission' });
    await s.createJob(job(q.sim.url, rows(3)));
    await s.whenSettled();
    const [j] = s.listJobs();
    expect(j?.state).toBe('forbidden');
    expect(j?.stateMessage).toMatch(/Update Customer/);
    expect(q.sim.inspect().calls).toBe(1);
  });

  it('cancel leaves unsent rows pending (stopped), and the job resumes later without double counting', async () => {
    q.sim.setOptions({ latencyMs: 30 });
    const s = await service({ send: { ...FAST, batchSize: 10 } });
    const created = await s.createJob(job(q.sim.url, rows(100)));
    if (!created.ok) throw new Error('create failed');
    await eventually(() => (s.listJobs()[0]?.counts.saved ?? 0) >= 20, 5_000, 'two batches');
    await s.cancel(created.value.id);
    const stopped = s.listJobs()[0]!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.counts.pending).toBeGreaterThan(0);
    expect(countsAddUp(stopped.counts)).toBe(true);
    await s.resume(created.value.id);
    await s.whenSettled();
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 100, pending: 0 } });
    expect(q.sim.inspect().saved).toHaveLength(100);
  });

  it('pause then resume; a paused job is not resumed automatically on restart', async () => {
    q.sim.setOptions({ latencyMs: 30 });
    const s = await service({ send: { ...FAST, batchSize: 10 } });
    const created = await s.createJob(job(q.sim.url, rows(60)));
    if (!created.ok) throw new Error('create failed');
    await eventually(() => (s.listJobs()[0]?.counts.saved ?? 0) >= 10, 5_000, 'a batch');
    await s.pause(created.value.id);
    expect(s.listJobs()[0]?.state).toBe('paused');
    await s.close();
    q.forgetServices();
    const again = await service({ autoStart: true, send: { ...FAST, batchSize: 10 } });
    const calls = q.sim.inspect().calls;
    // whenSettled waits for every run the open started: had autoStart taken up the paused job, this
    // would resolve only after its calls, and the count below would have grown.
    await again.whenSettled();
    expect(q.sim.inspect().calls).toBe(calls);
    expect(again.listJobs()[0]?.state).toBe('paused');
    await again.resume(created.value.id);
    await again.whenSettled();
    expect(again.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 60, pending: 0 } });
  });

  it('close mid-job, then autoStart at the next open finishes it', async () => {
    q.sim.setOptions({ latencyMs: 30 });
    const s = await service({ send: { ...FAST, batchSize: 10 } });
    await s.createJob(job(q.sim.url, rows(80)));
    await eventually(() => (s.listJobs()[0]?.counts.saved ?? 0) >= 10, 5_000, 'a batch');
    await s.close();
    q.forgetServices();
    const again = await service({ autoStart: true, send: { ...FAST, batchSize: 10 } });
    await again.whenSettled();
    expect(again.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 80, pending: 0 } });
    expect(q.sim.inspect().saved).toHaveLength(80);
  });

  it('a second sender on the same data folder gets a typed lock error; after close it can open', async () => {
    const s = await service();
    const second = await JobService.open({
      dataDir: q.dir.path,
      getToken: async () => null,
      version: '1',
      owner: 'cli',
    });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.kind).toBe('validation');
    expect(second.error.message).toMatch(/Wasp Phone Importer app \(process \d+\) is already using this data folder/);
    expect(second.lockedBy?.pid).toBe(process.pid);
    await s.close();
    q.forgetServices();
    const third = await service();
    expect(third.listJobs()).toEqual([]);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(
      join(q.dir.path, 'sender.lock'),
      JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), owner: 'cli', since: 'x', nonce: 'n' }),
    );
    const s = await service();
    expect(s.listJobs()).toEqual([]);
    // The lock file the service under test just wrote: its shape is the one written above.
    const lock = JSON.parse(await readFile(join(q.dir.path, 'sender.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await s.close();
    q.forgetServices();
    await expect(readFile(join(q.dir.path, 'sender.lock'))).rejects.toThrow();
  });

  it('recovers from a torn last journal line', async () => {
    const s = await service();
    const created = await s.createJob(job(q.sim.url, rows(30)));
    if (!created.ok) throw new Error('create failed');
    await s.whenSettled();
    await s.close();
    q.forgetServices();
    const journal = join(q.dir.path, 'jobs', created.value.id, 'journal.jsonl');
    await appendFile(journal, '{"t":"o","at":"2026-01-01T00:00:00Z","n":9,"s":[0,');
    const again = await service();
    expect(again.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 30, pending: 0 }, batchesDone: 1 });
    expect((await readFile(journal, 'utf8')).endsWith('\n')).toBe(true);
  });

  it('deletes a job; finished jobs otherwise stay listed', async () => {
    const s = await service();
    const a = await s.createJob(job(q.sim.url, rows(2), 'a'));
    const b = await s.createJob(job(q.sim.url, rows(2), 'b'));
    if (!a.ok || !b.ok) throw new Error('create failed');
    await s.whenSettled();
    expect(
      s
        .listJobs()
        .map((j) => j.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect((await s.deleteJob(a.value.id)).ok).toBe(true);
    expect(s.listJobs().map((j) => j.name)).toEqual(['b']);
    expect(await readdir(join(q.dir.path, 'jobs'))).toEqual([b.value.id]);
    expect((await s.getJob(a.value.id)).ok).toBe(false);
  });

  it('pages rows in sheet order with a status filter; skipped rows are never sent; start:false waits as paused', async () => {
    const s = await service();
    const list = rows(8).reverse();
    list[0] = { ...list[0]!, status: 'skipped', message: 'Excluded by the user.' };
    list[3] = { ...list[3]!, record: record('C1', 'Pager') };
    const changes: string[][] = [];
    s.onJobsChanged((jobs) => changes.push(jobs.map((j) => j.state)));
    const created = await s.createJob({ ...job(q.sim.url, list), start: false });
    if (!created.ok) throw new Error('create failed');
    expect(created.value.state).toBe('paused');
    // Settled means no run is left: a job started despite start:false would hold this until its calls ended.
    await s.whenSettled();
    expect(q.sim.inspect().calls).toBe(0);
    const resumed = await s.resume(created.value.id);
    expect(resumed.ok).toBe(true);
    await s.whenSettled();
    const page = await s.getJobRows(created.value.id, { offset: 1, limit: 3 });
    if (!page.ok) throw new Error('page failed');
    expect(page.value.total).toBe(8);
    expect(page.value.rows.map((r) => r.row)).toEqual([3, 4, 5]);
    const failed = await s.getJobRows(created.value.id, { offset: 0, limit: 10, statuses: ['failed', 'skipped'] });
    if (!failed.ok) throw new Error('page failed');
    expect(failed.value.rows.map((r) => [r.row, r.status])).toEqual([
      [6, 'failed'],
      [9, 'skipped'],
    ]);
    expect(failed.value.job.counts).toMatchObject({ saved: 6, failed: 1, skipped: 1 });
    expect(changes.at(0)).toEqual(['paused']);
    expect(changes.at(-1)).toEqual(['done']);
  });

  it('refuses a verdict list that does not match the rows instead of sending every row', async () => {
    const s = await service();
    const r = await s.createJob({
      ...job(q.sim.url, rows(3)),
      verdicts: [{ status: 'skipped', message: 'Excluded by the user.' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        kind: 'validation',
        message: expect.stringMatching(/3 rows but 1 verdict/) as unknown,
      });
    await s.whenSettled();
    expect(s.listJobs()).toEqual([]);
    expect(q.sim.inspect().calls).toBe(0);
  });

  it('refuses a job for plain http on a non-loopback host', async () => {
    const s = await service();
    const r = await s.createJob(job('http://example.com', rows(1)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('validation');
    expect(s.listJobs()).toEqual([]);
  });
});
