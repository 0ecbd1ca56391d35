import { join } from 'node:path';
import type { JobCounts } from '../../shared/domain/job.js';
import type { PhoneRecord, SourceRecord } from '../../shared/domain/phone-record.js';
import type { RowVerdict } from '../../shared/records/judge-rows.js';
import type { SendItem } from '../sending/types.js';
import { fsyncDir } from '../storage/fsync-dir.js';
import { writeNewFileSynced } from '../storage/synced-file.js';
import {
  JOB_FILE,
  JOURNAL_FILE,
  STATUS,
  stateEntry,
  type HeaderEntry,
  type JobMeta,
  type PersistedState,
  type StoredRow,
} from './job-files.js';
import { newJobFolder, placeJob } from './job-folders.js';
import { INDEXED_VERSION, RowFileWriter, rowTuple, type IndexedJobHeader, type RowTuple } from './row-store.js';

export type NewJobMeta = JobMeta;

export interface InitialState {
  state: PersistedState;
  msg?: string;
}

/**
 * Writes a new indexed job into a private folder, row by row in sheet order: rows.jsonl and its
 * index, a small job.json, and a journal holding the header and the first state. Nothing of it is
 * visible to the job queue until placeJob() renames the folder into place, so a crash or an
 * abandoned creation leaves only a hidden folder that the next start removes.
 */
export class IndexedJobBuilder {
  private readonly invalid: number[] = [];
  private readonly skipped: number[] = [];

  private constructor(
    private readonly dir: string,
    private readonly meta: NewJobMeta,
    private readonly rows: RowFileWriter,
  ) {}

  static async start(dir: string, meta: NewJobMeta): Promise<IndexedJobBuilder> {
    return new IndexedJobBuilder(dir, meta, await RowFileWriter.create(dir));
  }

  get total(): number {
    return this.rows.rows;
  }

  /**
   * Adds a row (rowTuple). Returns true when the caller should await flush() before adding more
   * (RowFileWriter.addRow), so rows are added without an await each.
   */
  addRow(row: RowTuple): boolean {
    this.note(row[6]);
    return this.rows.addRow(row);
  }

  /** Adds a row already encoded as its tuple's JSON text (JSON.stringify of a RowTuple), to a page as addRow does. */
  addEncodedRow(text: string, status: StoredRow['status']): boolean {
    this.note(status);
    return this.rows.addEncodedRow(text);
  }

  private note(status: StoredRow['status']): void {
    const i = this.rows.rows;
    if (status === 'invalid') this.invalid.push(i);
    else if (status === 'skipped') this.skipped.push(i);
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }

  /** Syncs every file and the folder: after this the job is complete on disk (though still hidden). */
  async finish(
    initial: InitialState = { state: 'queued' },
  ): Promise<{ total: number; invalid: number; skipped: number }> {
    await this.rows.finish();
    const m = this.meta;
    const job: IndexedJobHeader = {
      v: INDEXED_VERSION,
      id: m.id,
      name: m.name,
      site: m.site,
      createdAt: m.createdAt,
      mapping: m.mapping,
      headers: m.headers,
      total: this.total,
    };
    const header: HeaderEntry = {
      t: 'h',
      v: 1,
      id: m.id,
      name: m.name,
      site: m.site,
      createdAt: m.createdAt,
      total: this.total,
      invalid: this.invalid,
      skipped: this.skipped,
    };
    const state = stateEntry(m.createdAt, initial.state, initial.msg);
    await Promise.all([
      writeNewFileSynced(join(this.dir, JOB_FILE), JSON.stringify(job)),
      writeNewFileSynced(join(this.dir, JOURNAL_FILE), `${JSON.stringify(header)}\n${JSON.stringify(state)}\n`),
    ]);
    await fsyncDir(this.dir);
    return { total: this.total, invalid: this.invalid.length, skipped: this.skipped.length };
  }

  async abort(): Promise<void> {
    await this.rows.abort();
  }
}

/** A new job as written: one status code per row in stored (sheet) order, its counts, and its pending rows if kept. */
export interface WrittenJob {
  status: Uint8Array;
  counts: JobCounts;
  /** The pending rows in stored order as items to send, when asked for (a job sent at once need not read them back). */
  sendable: SendItem[] | null;
}

/**
 * Writes a whole new job (queued) from rows in memory and places it in the jobs folder. Rows are
 * stored in sheet order, so a page of the job is a range of its rows file; they are written
 * straight from the input one at a time, so a 1,000,000-row job is never copied whole.
 */
export async function writeNewJob(
  dataDir: string,
  meta: NewJobMeta,
  rows: readonly SourceRecord[],
  verdicts: readonly RowVerdict[] | undefined,
  keepRecords: boolean,
): Promise<WrittenJob> {
  const n = rows.length;
  const order = sheetOrderOf(rows);
  const status = new Uint8Array(n);
  const counts: JobCounts = { total: n, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 };
  const sendable: SendItem[] | null = keepRecords ? [] : null;
  const dir = await newJobFolder(dataDir, meta.id);
  const builder = await IndexedJobBuilder.start(dir, meta);
  try {
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : order[k]!;
      const r = rows[i]!;
      const v = verdicts?.[i];
      const state = v?.status ?? 'pending';
      status[k] = STATUS[state];
      counts[state]++;
      if (sendable !== null && state === 'pending') sendable.push({ id: k, record: pickRecord(r.record) });
      if (builder.addRow(rowTuple(r.row, r.cells, r.record, state, v?.message))) await builder.flush();
    }
    await builder.finish();
  } catch (e) {
    await builder.abort();
    throw e;
  }
  await placeJob(dataDir, dir, meta.id);
  return { status, counts, sendable };
}

/** Positions in sheet order (stable), or null when the rows already are (the usual case: one pass). */
function sheetOrderOf(rows: readonly { row: number }[]): number[] | null {
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) if (rows[i]!.row < rows[i - 1]!.row) sorted = false;
  return sorted ? null : rows.map((_, i) => i).sort((a, b) => rows[a]!.row - rows[b]!.row || a - b);
}

/** The record's four fields and nothing else a caller's object may carry. */
export function pickRecord(r: PhoneRecord): PhoneRecord {
  return {
    CustomerNumber: r.CustomerNumber,
    PhoneNumber: r.PhoneNumber,
    PhoneExtension: r.PhoneExtension,
    PhoneTypeName: r.PhoneTypeName,
  };
}
