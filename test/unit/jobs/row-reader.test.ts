import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobDefinition, StoredRow } from '../../../main/jobs/job-files.js';
import { replayJournal } from '../../../main/jobs/journal-replay.js';
import { JobRowReader, type ReadableJob } from '../../../main/jobs/row-reader.js';
import { RowReader } from '../../../main/jobs/row-store.js';
import type { RowStatus } from '../../../shared/domain/job.js';
import { rowSearch } from '../../../shared/records/row-search.js';
import { FAST, HEADERS, MAPPING, job, record, rows } from '../../support/sending-fixtures.js';
import { useQueueFixture } from '../../support/queue-fixture.js';
import { replayedRows } from '../../support/replayed-rows.js';
import { failedTuple, writeVersion1Job, writeVersion2Rows } from '../../support/version1-job.js';

const q = useQueueFixture(
  { version: 't', owner: 'test' },
  { customers: Array.from({ length: 60 }, (_, i) => `C${100_000 + i}`) },
);

const OLD_SITE = 'https://old.example.com';
const NEW_SITE = 'https://new.example.com';

/**
 * 40 rows stored in the order they were handed over (blocks of 10 reversed: sheet order must be
 * restored on reading): rows 0, 7, 14… invalid, 5 and 25 skipped. The journal answers 12 rows on the
 * old site (two failed, one saved with a warning), moves the job, answers 6 more on the new site.
 */
function version1Job(): { def: JobDefinition; lines: object[] } {
  const list: StoredRow[] = [];
  for (let b = 30; b >= 0; b -= 10)
    for (let i = b; i < b + 10; i++) {
      const r = record(`C${100_000 + i}`, i % 3 === 0 ? 'Mobile' : 'Office');
      const status = i % 7 === 0 ? 'invalid' : i === 5 || i === 25 ? 'skipped' : 'pending';
      const row: StoredRow = {
        row: i + 2,
        cells: [r.CustomerNumber, r.PhoneNumber, '', r.PhoneTypeName],
        record: r,
        status,
      };
      if (status !== 'pending') row.message = status === 'invalid' ? `Row ${i + 2} is broken.` : 'Same as row 3.';
      list.push(row);
    }
  const pendingAt = list.flatMap((r, k) => (r.status === 'pending' ? [k] : []));
  const at = '2025-01-02T03:04:05.000Z';
  const lines = [
    {
      t: 'o',
      at,
      n: 1,
      s: [pendingAt[0]!, 1, pendingAt[3]!, 1, ...pendingAt.slice(5, 12).flatMap((k) => [k, 1])],
      f: [failedTuple(pendingAt[1]!, "Customer 'X' not found."), failedTuple(pendingAt[2]!, 'Not found either.')],
      w: [[pendingAt[4]!, 'Saved, but the extension was cut.', 200, 1, null]],
    },
    { t: 'm', at, site: NEW_SITE },
    { t: 'o', at, n: 2, s: pendingAt.slice(12, 18).flatMap((k) => [k, 1]) },
    { t: 's', at, state: 'paused' },
  ];
  const def = {
    id: randomUUID(),
    name: 'from an earlier release',
    site: OLD_SITE,
    createdAt: '2025-01-01T00:00:00.000Z',
    mapping: MAPPING,
    headers: HEADERS,
    rows: list,
  };
  return { def, lines };
}

/** The job as the queue would hold it after loading the folder. */
async function readable(jobDir: string, indexed: boolean): Promise<ReadableJob> {
  const r = await replayJournal(jobDir, { repair: false, details: false });
  return { id: r.header.id, dir: jobDir, site: r.site, status: r.status, counts: r.counts, indexed, details: null };
}

const FILTERS: Array<RowStatus[] | undefined> = [undefined, ['failed'], ['saved', 'pending'], ['invalid', 'skipped']];

/** Every page, filter and search the reader answers equals the full replay of the journal, cut the same way. */
async function expectPagesMatchReplay(reader: JobRowReader, job: ReadableJob, searches: string[]): Promise<void> {
  for (const statuses of FILTERS)
    for (const search of ['', ...searches]) {
      const matches = rowSearch(search);
      const all = (await replayedRows(job.dir, statuses)).filter((r) => matches === null || matches(r.record));
      for (const [offset, limit] of [
        [0, 7],
        [5, 100],
        [all.length - 1, 3],
        [all.length + 4, 2],
      ] as const) {
        const q = { offset: Math.max(0, offset), limit, search, ...(statuses ? { statuses } : {}) };
        const page = await reader.page(job, q);
        expect(page.total, JSON.stringify(q)).toBe(all.length);
        expect(page.rows, JSON.stringify(q)).toEqual(all.slice(q.offset, q.offset + limit));
      }
    }
}

describe('the row reader', () => {
  it('pages, filters and searches a version-1 job (rows inside job.json, out of sheet order) as its journal says', async () => {
    const { def, lines } = version1Job();
    const jobDir = await writeVersion1Job(q.dir.path, def, lines);
    const job = await readable(jobDir, false);
    expect(job.counts).toEqual({ total: 40, saved: 16, failed: 2, invalid: 6, skipped: 2, pending: 14 });
    const reader = new JobRowReader();
    await expectPagesMatchReplay(reader, job, ['C10001', '100033', 'nobody']);
    expect((await reader.page(job, { offset: 0, limit: 3, search: 'c10001' })).total).toBe(10);
    const page = await reader.page(job, { offset: 0, limit: 40 });
    expect(page.rows.map((r) => r.row)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(page).toMatchObject({ headers: HEADERS, mapping: MAPPING });
  });

  it('a whole report of a moved job names the site that answered each row and where the rest go now', async () => {
    const { def, lines } = version1Job();
    const jobDir = await writeVersion1Job(q.dir.path, def, lines);
    const job = await readable(jobDir, false);
    expect(job.site).toBe(NEW_SITE);
    const all = await new JobRowReader().all(job);
    const reference = await replayedRows(jobDir);
    expect(all.rows.map(({ site: _site, ...r }) => r)).toEqual(reference);
    const sites = (s: RowStatus) => new Set(all.rows.filter((r) => r.status === s).map((r) => r.site));
    // 12 rows were answered before the move, 6 after it; pending rows go to the new site.
    expect(all.rows.filter((r) => r.site === OLD_SITE)).toHaveLength(12);
    expect(all.rows.filter((r) => r.site === NEW_SITE && r.status === 'saved')).toHaveLength(6);
    expect(sites('pending')).toEqual(new Set([NEW_SITE]));
    expect(sites('failed')).toEqual(new Set([OLD_SITE]));
    expect(sites('invalid')).toEqual(new Set([undefined]));
  });

  it('pages and searches an indexed job the same way, before it is sent and after', async () => {
    const queue = await q.service({ send: { ...FAST, batchSize: 10, concurrency: 1 } });
    const list = rows(80, (i) => record(`C${100_000 + i}`, i % 4 === 0 ? 'Mobile' : 'Office'));
    list[3] = { ...list[3]!, status: 'invalid', message: 'Phone number is empty.' };
    const created = await queue.createJob({ ...job(q.sim.url, list), start: false });
    if (!created.ok) throw new Error(created.error.message);
    const jobDir = `${q.dir.path}/jobs/${created.value.id}`;
    const reader = new JobRowReader();
    await expectPagesMatchReplay(reader, await readable(jobDir, true), ['C10006', '100012']);
    await queue.resume(created.value.id);
    await queue.whenSettled(created.value.id);
    // Customers from C100060 on do not exist: those rows failed with Wasp's message.
    expect(queue.listJobs()[0]!.counts).toMatchObject({ saved: 59, failed: 20, invalid: 1, pending: 0 });
    await expectPagesMatchReplay(new JobRowReader(), await readable(jobDir, true), ['C10007', 'C10001']);
  });

  it('the queue sends the rest of a version-1 job and reads it back like any other', async () => {
    const { def, lines } = version1Job();
    // Point it at the simulator: the journal's move says where the rest goes.
    const moved = lines.map((l) => ('site' in l ? { ...l, site: q.sim.url } : l));
    await writeVersion1Job(q.dir.path, def, moved);
    const s = await q.service();
    expect(s.listJobs()[0]).toMatchObject({ state: 'paused', counts: { pending: 14 } });
    const before = await s.getJobRows(def.id, { offset: 0, limit: 5, statuses: ['pending'] });
    if (!before.ok) throw new Error(before.error.message);
    expect(before.value.total).toBe(14);
    await s.resume(def.id);
    await s.whenSettled(def.id);
    expect(q.sim.inspect().log.map((c) => c.records)).toEqual([14]);
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 30, failed: 2, pending: 0 } });
    const detail = await s.getJob(def.id);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.rows.filter((r) => r.status === 'saved' && r.site === q.sim.url)).toHaveLength(20);
  });

  it('the queue sends the rest of a version-2 job (one row a line, written by the last release) and pages it', async () => {
    // Write a job the way this release does (version 3, rows in pages), then lay its rows out as
    // version 2 did: the job folder a user's queue holds when the update arrives.
    const writer = await q.service({ send: { ...FAST, batchSize: 10, concurrency: 1 } });
    const list = rows(150, (i) => record(`C${100_000 + (i % 60)}`, i % 4 === 0 ? 'Mobile' : 'Office'));
    list[7] = { ...list[7]!, status: 'invalid', message: 'Phone number is empty.' };
    const created = await writer.createJob({ ...job(q.sim.url, list), start: false });
    if (!created.ok) throw new Error(created.error.message);
    await writer.close();
    q.forgetServices();
    const jobDir = join(q.dir.path, 'jobs', created.value.id);
    const reader = await RowReader.open(jobDir);
    const stored = await reader.range(0, reader.total);
    await reader.close();
    await writeVersion2Rows(jobDir, stored);
    const header = JSON.parse(await readFile(join(jobDir, 'job.json'), 'utf8')) as { v: number };
    expect(header.v).toBe(3);
    await writeFile(join(jobDir, 'job.json'), JSON.stringify({ ...header, v: 2 }));

    await expectPagesMatchReplay(new JobRowReader(), await readable(jobDir, true), ['C10001', 'C100059']);
    const s = await q.service({ send: { ...FAST, batchSize: 10, concurrency: 1 } });
    expect(s.listJobs()[0]).toMatchObject({ state: 'paused', counts: { total: 150, invalid: 1, pending: 149 } });
    await s.resume(created.value.id);
    await s.whenSettled(created.value.id);
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 149, pending: 0 } });
    expect(q.sim.savedCount()).toBeGreaterThan(0);
    const detail = await s.getJob(created.value.id);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.rows.map((r) => r.record)).toEqual(list.map((r) => r.record));
  });
});
