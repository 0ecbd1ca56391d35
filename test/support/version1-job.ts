import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetailTuple, JobDefinition, StoredRow } from '../../main/jobs/job-files.js';
import { ROW_INDEX_FILE, ROWS_FILE, rowTuple } from '../../main/jobs/row-store.js';

/** A stored row's tuple as JSON text: a line of its own in a version 2 file, a page's element from version 3. */
export const encodedRow = (r: StoredRow): string =>
  JSON.stringify(rowTuple(r.row, r.cells, r.record, r.status, r.message));

/**
 * Writes a job as releases before the indexed layout did (job.json version 1: every row inside
 * it, in the order the rows were handed over), so the reading of such folders stays tested now that
 * nothing writes them. `lines` are the journal's lines after its header (outcomes, moves, states).
 */
export async function writeVersion1Job(dataDir: string, def: JobDefinition, lines: object[]): Promise<string> {
  const dir = join(dataDir, 'jobs', def.id);
  await mkdir(dir, { recursive: true });
  const rows = def.rows.map((r) => rowTuple(r.row, r.cells, r.record, r.status, r.message));
  const { id, name, site, createdAt, mapping, headers } = def;
  await writeFile(join(dir, 'job.json'), JSON.stringify({ v: 1, id, name, site, createdAt, mapping, headers, rows }));
  const indexes = (status: string) => def.rows.flatMap((r, i) => (r.status === status ? [i] : []));
  const header = {
    t: 'h',
    v: 1,
    id,
    name,
    site,
    createdAt,
    total: def.rows.length,
    invalid: indexes('invalid'),
    skipped: indexes('skipped'),
  };
  const journal = [header, { t: 's', at: createdAt, state: 'queued' }, ...lines];
  await writeFile(join(dir, 'journal.jsonl'), journal.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return dir;
}

/** A failed row's journal tuple as Wasp answered it (422, ResultCode -2, the customer's field). */
export const failedTuple = (i: number, message: string): DetailTuple => [i, message, 422, -2, 'CustomerNumber'];

/**
 * Lays rows out as version 2 (the last release) wrote rows.jsonl and rows.idx: one row a line, and
 * each row's own byte offset, then the file's length.
 */
export async function writeVersion2Rows(dir: string, rows: readonly StoredRow[]): Promise<void> {
  const lines = rows.map((r) => `${encodedRow(r)}\n`);
  const offsets = new Float64Array(lines.length + 1);
  lines.forEach((l, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(l)));
  await writeFile(join(dir, ROWS_FILE), lines.join(''));
  await writeFile(join(dir, ROW_INDEX_FILE), Buffer.from(offsets.buffer));
}
