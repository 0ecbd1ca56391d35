import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobSummary, Mapping, RowOutcome, RowStatus } from '../../shared/domain/job.js';
import type { JobRowView } from '../../shared/domain/job-rows.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import { rowSearch } from '../../shared/records/row-search.js';
import { readDefinition } from './job-definition.js';
import { JOB_FILE, STATUS, STATUS_NAMES, type DetailTuple, type JobDefinition, type StoredRow } from './job-files.js';
import { tupleToWasp } from './job-outcomes.js';
import { replayJournal } from './journal-replay.js';
import type { LiveJob } from './live-job.js';
import { pageWindow } from './job-input-checks.js';
import { readIndexedPage, type DetailMap } from './row-index.js';

export interface JobRowsQuery {
  offset: number;
  limit: number;
  /** Only rows with these statuses (the page counts within that selection). */
  statuses?: RowStatus[];
  /** Only rows whose customer or phone contains this text (see rowSearch). */
  search?: string;
}

/** `site`: only for a job that was moved, the site that answered the row (rows sent or answered). */
export type JobRowDetail = RowOutcome & { cells: string[]; record: PhoneRecord; site?: string };

export interface JobDetail {
  summary: JobSummary;
  mapping: Mapping;
  headers: string[];
  /** In sheet order. */
  rows: JobRowDetail[];
}

/** A page of a job's rows without the job's summary (the queue adds it). */
export interface RowsPage {
  headers: string[];
  mapping: Mapping;
  /** Rows in the selection (statuses, search), not only on this page. */
  total: number;
  rows: JobRowView[];
}

/** What the reader needs of a job: where it lives, and the statuses and messages the queue keeps current. */
export type ReadableJob = Pick<LiveJob, 'id' | 'dir' | 'site' | 'status' | 'counts' | 'indexed' | 'details'>;

/**
 * Reads a job's rows with their outcomes: row statuses come from memory (the queue keeps them
 * current), messages from the journal. An indexed job (rows in sheet order with a byte index) is
 * paged without reading the rest; a version 1 job is read whole, its definition cached for the job
 * last asked about so paging through it does not parse it again per page. Errors are thrown.
 */
export class JobRowReader {
  private defCache: { id: string; def: JobDefinition } | null = null;
  private headCache: { id: string; headers: string[]; mapping: Mapping } | null = null;

  /** Every row in sheet order; for a moved job, with the site that answered each. */
  async all(job: ReadableJob): Promise<Omit<JobDetail, 'summary'>> {
    const [def, replay] = await Promise.all([
      readDefinition(job.dir),
      replayJournal(job.dir, { repair: false, details: true }),
    ]);
    const order = sheetOrder(def);
    const rows = order.map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
    if (replay.sites.length > 1) attributeSites(rows, order, job.status, replay.sites, replay.answeredBy, job.site);
    return { mapping: def.mapping, headers: def.headers, rows };
  }

  /** One page in sheet order, optionally only some statuses and rows matching a search. */
  async page(job: ReadableJob, query: JobRowsQuery): Promise<RowsPage> {
    return job.indexed ? this.indexedPage(job, query) : this.wholePage(job, query);
  }

  /** The job changed where it sends, or is gone: what is cached about it is stale. */
  forget(id: string): void {
    if (this.defCache?.id === id) this.defCache = null;
    if (this.headCache?.id === id) this.headCache = null;
  }

  private async wholePage(job: ReadableJob, query: JobRowsQuery): Promise<RowsPage> {
    const def = this.defCache?.id === job.id ? this.defCache.def : await readDefinition(job.dir);
    this.defCache = { id: job.id, def };
    const replay = await replayJournal(job.dir, { repair: false, details: true });
    const wanted = query.statuses === undefined ? null : new Set<RowStatus>(query.statuses);
    const order = sheetOrder(def);
    const byStatus = wanted === null ? order : order.filter((i) => wanted.has(STATUS_NAMES[job.status[i]!]!));
    const matches = rowSearch(query.search ?? '');
    const selected = matches === null ? byStatus : byStatus.filter((i) => matches(def.rows[i]!.record));
    const { offset, limit } = pageWindow(query);
    const rows = selected
      .slice(offset, offset + limit)
      .map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
    return { headers: def.headers, mapping: def.mapping, total: selected.length, rows };
  }

  private async indexedPage(job: ReadableJob, query: JobRowsQuery): Promise<RowsPage> {
    const head = await this.indexedHead(job);
    const base = { offset: query.offset, limit: query.limit, matches: rowSearch(query.search ?? '') };
    const page = await readIndexedPage(
      job.dir,
      job.status,
      job.counts,
      query.statuses === undefined ? base : { ...base, statuses: query.statuses },
    );
    const details = job.details ?? (await loadDetails(job));
    const rows = page.rows.map((r, k) => {
      const i = page.positions[k]!;
      return rowDetail(r, job.status[i]!, details.get(i));
    });
    return { headers: head.headers, mapping: head.mapping, total: page.total, rows };
  }

  /** job.json of an indexed job is small: headers and mapping only. Cached for the job last asked about. */
  private async indexedHead(job: ReadableJob): Promise<{ headers: string[]; mapping: Mapping }> {
    if (this.headCache?.id === job.id) return this.headCache;
    const raw = JSON.parse(await readFile(join(job.dir, JOB_FILE), 'utf8')) as { headers?: unknown; mapping?: unknown };
    this.headCache = {
      id: job.id,
      headers: Array.isArray(raw.headers) ? (raw.headers as string[]) : [],
      mapping: raw.mapping as Mapping,
    };
    return this.headCache;
  }
}

/** One replay per job and process; from then on the run keeps the map current (job-run.ts). */
async function loadDetails(job: ReadableJob): Promise<DetailMap> {
  const replay = await replayJournal(job.dir, { repair: false, details: true });
  // Batches recorded while the journal was being read are already in job.details if it was set meanwhile.
  job.details ??= replay.details ?? new Map<number, DetailTuple>();
  return job.details;
}

/** Row indexes by sheet row number (creation order breaks ties, so the order is stable). */
function sheetOrder(def: JobDefinition): number[] {
  const order = def.rows.map((_, i) => i);
  return order.sort((a, b) => def.rows[a]!.row - def.rows[b]!.row || a - b);
}

function rowDetail(r: StoredRow, code: number, t: DetailTuple | undefined): JobRowDetail {
  const status = STATUS_NAMES[code]!;
  const out: JobRowDetail = { row: r.row, status, cells: r.cells, record: r.record };
  if (t !== undefined && (status === 'failed' || status === 'saved')) {
    if (t[1] !== '') out.message = t[1];
    out.wasp = tupleToWasp(t);
  } else if (status === 'failed') {
    // Recorded in memory but its journal line is still being written.
    out.message = 'Wasp did not save this row.';
  } else if (r.message !== undefined && (status === 'invalid' || status === 'skipped')) {
    out.message = r.message;
  }
  return out;
}

/** For a moved job: answered rows name the site that answered them, pending rows the site they go to now. */
function attributeSites(
  rows: JobRowDetail[],
  order: number[],
  status: Uint8Array,
  sites: string[],
  answeredBy: Uint8Array | null,
  current: string,
): void {
  rows.forEach((r, k) => {
    const i = order[k]!;
    if (status[i] === STATUS.saved || status[i] === STATUS.failed) r.site = sites[answeredBy?.[i] ?? 0] ?? current;
    else if (status[i] === STATUS.pending) r.site = current;
  });
}
