import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rename } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openCoreWithIpc, windowInvoke, type CoreWithIpc } from '../../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { JobService } from '../../../main/jobs/job-service.js';
import { JobDrafts } from '../../../main/intake/job-drafts.js';
import { DEFAULT_SEND_OPTIONS } from '../../../main/sending/types.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import type { JobRowInput } from '../../../shared/domain/job-rows.js';
import type { JobSummary } from '../../../shared/domain/job.js';
import { FAST, HEADERS, MAPPING, eventually, record, tempDir } from '../../support/sending-fixtures.js';

let sim: Simulator;
let dir: Awaited<ReturnType<typeof tempDir>>;

/** The pid of a process that ran and has ended. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}
const open: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  sim = await startSimulator();
  dir = await tempDir('wasp-drafts-');
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  await sim.close();
  await dir.remove();
});

async function service(autoStart = true): Promise<JobService> {
  const opened = await JobService.open({
    dataDir: dir.path,
    getToken: async () => SANDBOX_TOKEN,
    version: 't',
    owner: 'test',
    send: FAST,
    autoStart,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  open.push(opened.value);
  return opened.value;
}

function drafts(jobs: JobService, idleMs?: number): JobDrafts {
  const d = new JobDrafts({ jobs, knownPhoneTypes: async () => [], ...(idleMs === undefined ? {} : { idleMs }) });
  open.push(d);
  return d;
}

/** Begins a draft, adds all its rows as one page and commits it (start as beginJob takes it). */
async function commitWhole(
  d: JobDrafts,
  name: string,
  rows: JobRowInput[],
  start?: 'later' | false,
): Promise<JobSummary> {
  const begun = await d.begin({
    name,
    site: sim.url,
    mapping: MAPPING,
    headers: HEADERS,
    total: rows.length,
    ...(start === undefined ? {} : { start }),
  });
  if (!begun.ok) throw new Error(begun.error.message);
  expect((await d.add(begun.value.draftId, 0, pages(rows, rows.length)[0]!)).ok).toBe(true);
  const committed = await d.commit(begun.value.draftId);
  if (!committed.ok) throw new Error(committed.error.message);
  return committed.value;
}

/** n sheet rows (row 2…); every 10th has no phone (invalid), row 7 repeats row 6 (a duplicate). */
function sheet(n: number): JobRowInput[] {
  return Array.from({ length: n }, (_, i) => {
    const r = i === 5 ? record('C100004') : record(`C${100_000 + i}`, 'Office', i % 10 === 9 ? '' : undefined);
    return { row: i + 2, cells: [r.CustomerNumber, r.PhoneNumber, r.PhoneExtension, r.PhoneTypeName], record: r };
  });
}
const pages = (rows: JobRowInput[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, k) => JSON.stringify(rows.slice(k * size, (k + 1) * size)));
const visibleJobs = async () => (await readdir(join(dir.path, 'jobs'))).filter((n) => !n.startsWith('.'));
const hidden = async () => (await readdir(join(dir.path, 'jobs'))).filter((n) => n.startsWith('.'));

describe('paged job creation', () => {
  it('begin → pages → commit makes a job judged by main; nothing is queued before the commit', async () => {
    const jobs = await service();
    const d = drafts(jobs);
    const rows = sheet(2_500);
    rows[3] = { ...rows[3]!, excluded: true };
    const begun = await d.begin({
      name: 'Paged',
      site: sim.url,
      mapping: MAPPING,
      headers: HEADERS,
      total: rows.length,
    });
    if (!begun.ok) throw new Error(begun.error.message);
    let part = 0;
    for (const page of pages(rows, 1_000)) {
      const added = await d.add(begun.value.draftId, part++, page);
      expect(added.ok).toBe(true);
      // Still nothing a queue could send, on disk or in memory.
      expect(jobs.listJobs()).toHaveLength(0);
      expect(await visibleJobs()).toHaveLength(0);
    }
    expect(sim.inspect().calls).toBe(0);
    const committed = await d.commit(begun.value.draftId);
    if (!committed.ok) throw new Error(committed.error.message);
    // Main judged the rows itself: 250 without a phone, one duplicate, one excluded.
    expect(committed.value.counts).toMatchObject({ total: 2_500, invalid: 250, skipped: 2, pending: 2_248 });
    expect(await visibleJobs()).toEqual([committed.value.id]);
    expect(await hidden()).toEqual([]);
    await jobs.whenSettled(committed.value.id);
    expect(jobs.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 2_248, pending: 0 } });
    expect(sim.savedCount()).toBe(2_248);
    const page = await jobs.getJobRows(committed.value.id, { offset: 3, limit: 4 });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.rows.map((r) => [r.row, r.status])).toEqual([
      [5, 'skipped'],
      [6, 'saved'],
      [7, 'skipped'],
      [8, 'saved'],
    ]);
    expect(page.value.rows[0]!.message).toBe('Excluded by the user.');
    expect(page.value.rows[2]!.message).toMatch(/row 6/);
  });

  it('a committed job keeps its rows in pages, as the CLI writes them, each read back as it was given', async () => {
    // The finding: the window's path wrote one line per row while the CLI's wrote pages of 64, so a
    // job made in the app was read a row per JSON.parse while it was sent.
    const jobs = await service(false);
    const d = drafts(jobs);
    const rows = sheet(1_000).map((r, i) =>
      i % 7 === 0 ? { ...r, cells: [...r.cells.slice(0, 3), `Office "main", Zoë 株式会社 👩‍💼 ${i}`] } : r,
    );
    const job = await commitWhole(d, 'Pages', rows, 'later');
    const text = await readFile(join(dir.path, 'jobs', job.id, 'rows.jsonl'), 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(Math.ceil(rows.length / 64));
    for (const line of lines) expect(Array.isArray((JSON.parse(line) as unknown[])[0])).toBe(true);
    const stored = await jobs.getJobRows(job.id, { offset: 0, limit: rows.length });
    if (!stored.ok) throw new Error(stored.error.message);
    expect(stored.value.rows.map((r) => [r.row, r.cells])).toEqual(rows.map((r) => [r.row, r.cells]));
    expect(stored.value.rows.map((r) => r.status).filter((s) => s === 'invalid')).toHaveLength(100);
    expect(stored.value.rows[5]).toMatchObject({ row: 7, status: 'skipped' });
    expect(stored.value.rows[5]!.message).toMatch(/row 6/);
  });

  it('a committed job is sent by the queue that opened without autoStart too (as createJob does)', async () => {
    // Without autoStart a queue sends only the jobs it was asked to (the harness, the scale bench):
    // committing a draft is that ask, unless it was begun with start 'later' or false.
    const jobs = await service(false);
    const d = drafts(jobs);
    const rows = sheet(600);
    const sendable = (j: JobSummary) => j.counts.total - j.counts.invalid - j.counts.skipped;
    const asked = await commitWhole(d, 'Asked', rows);
    await eventually(() => jobs.listJobs()[0]?.state === 'done', 10_000, 'the committed job to be sent');
    expect(jobs.listJobs()[0]!.counts.pending).toBe(0);
    expect(sim.savedCount()).toBe(sendable(asked));

    const callsBefore = sim.inspect().calls;
    const later = await commitWhole(d, 'Later', rows, 'later');
    // An asked job committed after it: the queue takes jobs in order, so once this one is sent, a
    // wrongly started 'later' job would have been sent (or be sending) too. An event, not a wait.
    const next = await commitWhole(d, 'Next', sheet(20));
    await jobs.whenSettled(next.id);
    expect(jobs.listJobs().find((j) => j.id === next.id)).toMatchObject({ state: 'done' });
    expect(sim.inspect().calls - callsBefore).toBe(1); // Next's one batch, nothing of Later's
    expect(jobs.listJobs().find((j) => j.id === later.id)).toMatchObject({ state: 'queued', counts: { saved: 0 } });
  });

  it('a job the folder watcher takes up before the commit does is sent once, not twice', async () => {
    // The app's queue watcher scans the jobs folder on every change: it can find the committed job
    // in the moment between its folder being renamed into place and adoptJob reading it back.
    const jobs = await service();
    const racing = Object.create(jobs) as JobService;
    racing.adoptJob = async (id, start) => {
      expect(await jobs.adoptNew(async () => true)).toEqual([id]);
      return jobs.adoptJob(id, start);
    };
    const d = drafts(racing);
    const rows = sheet(600);
    const begun = await d.begin({
      name: 'Raced',
      site: sim.url,
      mapping: MAPPING,
      headers: HEADERS,
      total: rows.length,
    });
    if (!begun.ok) throw new Error(begun.error.message);
    expect((await d.add(begun.value.draftId, 0, pages(rows, 600)[0]!)).ok).toBe(true);
    const committed = await d.commit(begun.value.draftId);
    if (!committed.ok) throw new Error(committed.error.message);
    await jobs.whenSettled(committed.value.id);
    expect(jobs.listJobs()).toHaveLength(1);
    expect(jobs.listJobs()[0]).toMatchObject({ state: 'done', counts: { pending: 0 } });
    const sent = committed.value.counts.total - committed.value.counts.invalid - committed.value.counts.skipped;
    expect(sim.savedCount()).toBe(sent);
    // Every row reached Wasp once: two runs of the same job would have written each twice.
    expect(sim.inspect().saved.filter((p) => p.writes > 1)).toEqual([]);
    expect(sim.inspect().recordCalls).toBe(Math.ceil(sent / (FAST.batchSize ?? DEFAULT_SEND_OPTIONS.batchSize)));
  });

  it('an abandoned draft leaves nothing: explicitly, after idling out (a window closed), and after a crash', async () => {
    const jobs = await service();
    const d = drafts(jobs, 600);
    const rows = sheet(300);
    const a = await d.begin({ name: 'A', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 300 });
    const b = await d.begin({ name: 'B', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 300 });
    if (!a.ok || !b.ok) throw new Error('begin failed');
    expect((await d.add(a.value.draftId, 0, pages(rows, 100)[0]!)).ok).toBe(true);
    expect((await d.add(b.value.draftId, 0, pages(rows, 100)[0]!)).ok).toBe(true);
    expect(await hidden()).toHaveLength(2);
    expect(await d.abandon(a.value.draftId)).toEqual({ ok: true, value: { abandoned: true } });
    // B is never touched again: like a window closed half way, it idles out.
    await eventually(async () => (await hidden()).length === 0, 5_000, 'the idle draft to be removed');
    const late = await d.add(b.value.draftId, 1, pages(rows, 100)[1]!);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error.message).toMatch(/no longer exists/);
    expect(await d.commit(a.value.draftId)).toMatchObject({ ok: false });
    expect(jobs.listJobs()).toHaveLength(0);
    expect(sim.inspect().calls).toBe(0);

    // A crash half way: the draft's folder stays on disk as the process left it…
    const c = await d.begin({ name: 'C', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 300 });
    if (!c.ok) throw new Error('begin failed');
    expect((await d.add(c.value.draftId, 0, pages(rows, 100)[0]!)).ok).toBe(true);
    await jobs.close();
    expect(await hidden()).toHaveLength(1);
    // What a crash leaves is the folder of a writer whose process is gone: give it the pid of a real
    // process that has exited (this test's own process is still running, so its folders could be live).
    const [left] = await hidden();
    await rename(
      join(dir.path, 'jobs', left!),
      join(dir.path, 'jobs', left!.replace(`.tmp-${process.pid}-`, `.tmp-${await exitedPid()}-`)),
    );
    // …and the next start removes it without a trace and without queueing anything.
    const again = await service();
    expect(again.listJobs()).toHaveLength(0);
    expect(await hidden()).toEqual([]);
    expect(await visibleJobs()).toEqual([]);
  });

  it('a bad page is refused with the row and field named, and the draft is gone', async () => {
    const jobs = await service();
    const d = drafts(jobs);
    const rows: unknown[] = sheet(50);
    rows[17] = { row: 19, cells: ['x'], record: { CustomerNumber: 'C1', PhoneNumber: 5 } };
    const begun = await d.begin({ name: 'Bad', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 50 });
    if (!begun.ok) throw new Error(begun.error.message);
    const r = await d.add(begun.value.draftId, 0, JSON.stringify(rows));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('validation');
      expect(r.error.message).toMatch(/^Row 18 of the job cannot be stored/);
      expect(r.error.detail).toMatch(/rows\[17\]\.record/);
    }
    expect(await hidden()).toEqual([]);

    const second = await d.begin({ name: 'Order', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 50 });
    if (!second.ok) throw new Error(second.error.message);
    const skipped = await d.add(second.value.draftId, 1, JSON.stringify(sheet(50)));
    expect(skipped.ok).toBe(false);
    if (!skipped.ok) expect(skipped.error.message).toMatch(/out of order/);
    const short = await d.begin({ name: 'Short', site: sim.url, mapping: MAPPING, headers: HEADERS, total: 50 });
    if (!short.ok) throw new Error(short.error.message);
    expect((await d.add(short.value.draftId, 0, JSON.stringify(sheet(20)))).ok).toBe(true);
    const incomplete = await d.commit(short.value.draftId);
    expect(incomplete.ok).toBe(false);
    if (!incomplete.ok) expect(incomplete.error.message).toMatch(/Only 20 of the job's 50 rows arrived/);
    expect(jobs.listJobs()).toHaveLength(0);
    expect(await hidden()).toEqual([]);
  });
});

describe('paged job creation over the IPC contract', () => {
  let app: CoreWithIpc;
  beforeEach(async () => {
    app = await openCoreWithIpc({
      dataDir: dir.path,
      credentials: new MemoryCredentialStore(),
      sandbox: false,
      send: FAST,
    });
    open.push(app);
    await app.connections.saveToken(sim.url, SANDBOX_TOKEN);
  });

  it('carries 45,000 rows in pages of at most 20,000 and refuses a page over the limit', async () => {
    const invoke = windowInvoke(app);
    const rows = sheet(45_000);
    const begin = async (): Promise<string> => {
      const begun = await invoke('beginJob', {
        name: 'Big',
        site: sim.url,
        mapping: MAPPING,
        headers: HEADERS,
        total: rows.length,
        start: false,
      });
      if (!begun.ok) throw new Error(begun.error.message);
      return (begun.value as { draftId: string }).draftId;
    };
    const draftId = await begin();
    const tooMany = await invoke('addJobRows', {
      draftId,
      part: 0,
      rows: JSON.stringify(rows.slice(0, 20_001)),
    });
    expect(tooMany).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(/1 to 20,000 rows/) as unknown },
    });
    // That refusal ended the draft; a new one goes through.
    const id = await begin();
    let part = 0;
    for (const page of pages(rows, 20_000))
      expect(await invoke('addJobRows', { draftId: id, part: part++, rows: page })).toMatchObject({
        ok: true,
      });
    const committed = await invoke('commitJob', { draftId: id });
    expect(committed).toMatchObject({
      ok: true,
      value: { state: 'paused', counts: { total: 45_000, invalid: 4_500, skipped: 1 } },
    });
    expect(await invoke('addJobRows', { draftId: id, part: 0, rows: 'x'.repeat(16 * 1024 * 1024 + 1) })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
  });
});
