import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import { JobRowInputSchema } from '../../shared/domain/job-rows.js';
import { MAX_JOB_CHARS, MAX_JOB_ROWS_PER_PAGE } from '../../shared/ipc/request-schemas.js';
import { judgeRows } from '../../shared/records/judge-rows.js';
import { IndexedJobBuilder, pickRecord, type InitialState, type NewJobMeta } from '../jobs/job-writer.js';

/*
 * One job being created in parts (worker side; see job-drafts.ts for the main side). Rows arrive
 * in pages, are checked against the contract's row schema one by one and appended to a draft file
 * in the draft's hidden folder; only the records (for judging duplicates across the whole job) stay
 * in memory. commit() judges every row with the shared rules and writes the job's final files in
 * sheet order into the same folder; main then renames the folder into place.
 */

const DRAFT_ROWS = 'rows.draft.jsonl';
const NO_CELLS: string[] = [];

export class DraftRowError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface DraftSpec {
  dir: string;
  /** Rows the job will have; pages beyond it are refused. */
  total: number;
  headersLength: number;
}

export interface CommitSpec extends NewJobMeta {
  knownPhoneTypes: string[];
  /** false: stored paused until the user resumes it. */
  start: boolean | 'later';
}

export interface CommitResult {
  total: number;
  invalid: number;
  skipped: number;
  pending: number;
}

export class DraftBuilder {
  private count = 0;
  private parts = 0;
  private chars = 0;
  private lastRow = 0;
  private readonly offsets: Float64Array;
  private bytes = 0;
  private readonly records: PhoneRecord[] = [];
  private readonly rowNumbers: Float64Array;
  private readonly excluded: Uint8Array;

  private constructor(
    private readonly spec: DraftSpec,
    private readonly fh: FileHandle,
  ) {
    this.offsets = new Float64Array(spec.total + 1);
    this.rowNumbers = new Float64Array(spec.total);
    this.excluded = new Uint8Array(spec.total);
  }

  static async open(spec: DraftSpec): Promise<DraftBuilder> {
    return new DraftBuilder(spec, await open(join(spec.dir, DRAFT_ROWS), 'wx'));
  }

  get received(): number {
    return this.count;
  }

  /** `rows` is the JSON text of a JobRowInput array (from a window) or the array itself (CLI). */
  async add(part: number, rows: string | readonly unknown[]): Promise<number> {
    if (part !== this.parts)
      throw new DraftRowError(
        `Part ${part + 1} of the job arrived out of order (expected part ${this.parts + 1}). Nothing was queued.`,
      );
    let list: unknown;
    if (typeof rows === 'string') {
      try {
        list = JSON.parse(rows);
      } catch {
        throw new DraftRowError(`Part ${part + 1} of the job is not readable. Nothing was queued.`);
      }
    } else list = rows;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_JOB_ROWS_PER_PAGE) {
      throw new DraftRowError(
        `Part ${part + 1} of the job must hold 1 to ${MAX_JOB_ROWS_PER_PAGE.toLocaleString('en-US')} rows. Nothing was queued.`,
      );
    }
    if (this.count + list.length > this.spec.total)
      throw new DraftRowError(
        `The job has more rows than the ${this.spec.total.toLocaleString('en-US')} announced. Nothing was queued.`,
      );
    const lines: string[] = [];
    const maxCells = Math.max(this.spec.headersLength, 1);
    for (let k = 0; k < list.length; k++) {
      const parsed = JobRowInputSchema.safeParse(list[k]);
      const at = `Row ${(this.count + k + 1).toLocaleString('en-US')} of the job`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new DraftRowError(
          `${at} cannot be stored: ${issue?.message ?? 'it is malformed'}. Nothing was queued.`,
          issue === undefined ? undefined : `rows[${this.count + k}].${issue.path.join('.')}`,
        );
      }
      const r = parsed.data;
      if (r.cells.length > maxCells)
        throw new DraftRowError(`${at} has more cells than the sheet has columns. Nothing was queued.`);
      if (r.row < this.lastRow)
        throw new DraftRowError(
          `${at} (sheet row ${r.row}) arrived after sheet row ${this.lastRow}: rows must come in sheet order. Nothing was queued.`,
        );
      for (const c of r.cells) this.chars += c.length;
      if (this.chars > MAX_JOB_CHARS)
        throw new DraftRowError('The job is larger than the 100 MB a sheet may be. Nothing was queued.');
      this.lastRow = r.row;
      const i = this.count + k;
      const record = pickRecord(r.record);
      this.records.push(record);
      this.rowNumbers[i] = r.row;
      if (r.excluded === true) this.excluded[i] = 1;
      const line = `${JSON.stringify([r.row, r.cells, record.CustomerNumber, record.PhoneNumber, record.PhoneExtension, record.PhoneTypeName])}\n`;
      this.offsets[i] = this.bytes;
      this.bytes += Buffer.byteLength(line, 'utf8');
      lines.push(line);
    }
    await this.fh.write(lines.join(''), null, 'utf8');
    this.count += list.length;
    this.parts++;
    this.offsets[this.count] = this.bytes;
    return this.count;
  }

  /** Judges every row and writes the job's files (synced) in this folder; returns the counts. */
  async commit(spec: CommitSpec): Promise<CommitResult> {
    if (this.count !== this.spec.total) {
      throw new DraftRowError(
        `Only ${this.count.toLocaleString('en-US')} of the job's ${this.spec.total.toLocaleString('en-US')} rows arrived. Nothing was queued.`,
      );
    }
    await this.fh.close();
    const judged = judgeRows(
      this.records.map((record, i) => ({
        row: this.rowNumbers[i]!,
        cells: NO_CELLS,
        record,
        ...(this.excluded[i] === 1 ? { excluded: true } : {}),
      })),
      spec.knownPhoneTypes,
    );
    this.records.length = 0;
    const pending = judged.reduce((n, v) => n + (v.status === 'pending' ? 1 : 0), 0);
    const initial: InitialState =
      pending === 0
        ? { state: 'done' }
        : spec.start === false
          ? { state: 'paused', msg: 'Not started yet: resume the job to send it.' }
          : { state: 'queued' };

    const builder = await IndexedJobBuilder.start(this.spec.dir, spec);
    const draft = await open(join(this.spec.dir, DRAFT_ROWS), 'r');
    try {
      const CHUNK = 20_000;
      for (let from = 0; from < this.count; from += CHUNK) {
        const to = Math.min(this.count, from + CHUNK);
        const start = this.offsets[from]!;
        const buf = Buffer.alloc(this.offsets[to]! - start);
        let done = 0;
        while (done < buf.length) {
          const { bytesRead } = await draft.read(buf, done, buf.length - done, start + done);
          if (bytesRead === 0) throw new Error('the draft rows file is shorter than written');
          done += bytesRead;
        }
        for (let i = from; i < to; i++) {
          // The draft line is [row, cells, four fields]; the stored row adds status and message.
          const line = buf.toString('utf8', this.offsets[i]! - start, this.offsets[i + 1]! - start - 2);
          const v = judged[i]!;
          const full = builder.addEncodedRow(
            `${line},${JSON.stringify(v.status)}${v.message === undefined ? '' : `,${JSON.stringify(v.message)}`}]`,
            v.status,
          );
          if (full) await builder.flush();
        }
      }
    } catch (e) {
      await builder.abort();
      throw e;
    } finally {
      await draft.close();
    }
    await rm(join(this.spec.dir, DRAFT_ROWS), { force: true });
    const done = await builder.finish(initial);
    return { ...done, pending };
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
