import { join } from 'node:path';
import { fsyncDir } from '../storage/fsync-dir.js';
import { writeNewFileSynced } from '../storage/synced-file.js';
import {
  JOB_FILE,
  JOURNAL_FILE,
  stateEntry,
  type HeaderEntry,
  type JobMeta,
  type PersistedState,
  type StoredRow,
} from './job-files.js';
import { encodeStoredRow, INDEXED_VERSION, RowFileWriter, type IndexedJobHeader } from './row-store.js';

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

  /** `line` is the row as encodeStoredRow writes it. */
  async addLine(line: string, status: StoredRow['status']): Promise<void> {
    const i = this.rows.rows;
    if (status === 'invalid') this.invalid.push(i);
    else if (status === 'skipped') this.skipped.push(i);
    await this.rows.add(line);
  }

  addRow(r: StoredRow): Promise<void> {
    return this.addLine(encodeStoredRow(r), r.status);
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
