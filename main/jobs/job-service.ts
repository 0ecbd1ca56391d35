import { randomUUID } from 'node:crypto';
import { rowSearch } from '../../shared/records/row-search.js';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, err, ok, type AppErrorValue, type Result } from '../../shared/domain/app-error.js';
import type {
  JobCounts,
  JobProgress,
  JobState,
  JobSummary,
  Mapping,
  RowOutcome,
  RowStatus,
} from '../../shared/domain/job.js';
import type { JobRowsPage } from '../../shared/domain/job-rows.js';
import type { PhoneRecord, SourceRecord } from '../../shared/domain/phone-record.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import { clampBatchSize } from '../sending/batching.js';
import { runSend } from '../sending/send-run.js';
import {
  DEFAULT_SEND_OPTIONS,
  MAX_PARALLEL,
  type BatchTransport,
  type ItemOutcome,
  type RunStatus,
  type SendItem,
  type SendOptions,
} from '../sending/types.js';
import { Waker } from '../sending/wake.js';
import type { CallOutcome } from '../wasp-api/call-outcome.js';
import { createWaspClient, type WaspClient } from '../wasp-api/client.js';
import {
  encodeOutcomes,
  jobsRoot,
  listJobDirs,
  readDefinition,
  removeJobDir,
  replayJournal,
  STATUS,
  STATUS_NAMES,
  JOURNAL_FILE,
  tupleToWasp,
  type DetailTuple,
  type JobDefinition,
  type PersistedState,
  type StoredRow,
} from './job-files.js';
import { Journal } from './journal.js';
import { damagedSummary, inspectDamagedJob, type DamagedJob } from './damaged-jobs.js';
import { compactJournal } from './job-compaction.js';
import { IndexedJobBuilder, newJobFolder, placeJob, type NewJobMeta } from './job-writer.js';
import { isIndexedJob, readIndexedPage, readPendingItems, type DetailMap } from './row-index.js';
import { acquireDataFolderLock, type DataFolderLock, type LockHolder } from './lock.js';
import { appendMove } from './job-move.js';
import { RateMeter } from './rate-meter.js';

export interface JobServiceOptions {
  /** Folder that holds jobs/ and the sender lock; the app passes its userData path, the CLI its own. */
  dataDir: string;
  /** The token for a site, or null when none is saved. Called when a job starts and after tokenChanged. */
  getToken(site: string): Promise<string | null>;
  /** Product version for the User-Agent. */
  version: string;
  os?: string;
  /** Who is sending, named in the lock so another sender's error can say who holds it: 'app' or 'cli'. */
  owner?: string;
  /** Resume unfinished jobs at once (the app does; a CLI listing jobs does not). */
  autoStart?: boolean;
  /**
   * Read the jobs without taking the sender lock and without ever sending or writing: for listing
   * the jobs of a folder another program (the app, a CLI run) is sending from right now.
   */
  readOnly?: boolean;
  /**
   * With readOnly: may still create new jobs. A new job folder appears whole (written aside, then
   * renamed), so a process waiting for the sender lock can queue its job for the holder to take.
   */
  guest?: boolean;
  /** A sender lock already taken by the caller (the CLI waits for it); released by close(). */
  lock?: DataFolderLock;
  /** Wraps each job's transport (the reachability check that tells a wrong address from a lost network). */
  transport?: (site: string, inner: BatchTransport) => BatchTransport;
  send?: Partial<SendOptions>;
  /** Per-call limit for Wasp calls. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A row handed to createJob. Rows marked invalid or skipped are kept for the report but never sent. */
export interface NewJobRow extends SourceRecord {
  status?: 'pending' | 'invalid' | 'skipped';
  /** The IPC contract's way of saying `skipped` (the user excluded the row in Review). */
  excluded?: boolean;
  /** Why the row is invalid or skipped, in plain words. */
  message?: string;
}

export interface NewJob {
  name: string;
  site: string;
  mapping: Mapping;
  headers: string[];
  rows: NewJobRow[];
  /**
   * Per row (same order), what the shared rules decided: overrides the rows' own status and message.
   * Lets the intake hand over a million verdicts without copying a million rows to attach them.
   */
  verdicts?: readonly { status: 'pending' | 'invalid' | 'skipped'; message?: string }[];
  /**
   * true (default): queue and send now. false: store it `paused` until the user resumes it.
   * 'later': store it `queued` without sending from here; whoever opens the folder with autoStart
   * (the app) or runs `resume` sends it (the CLI's --queue-only).
   */
  start?: boolean | 'later';
}

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

/** One page of a job's rows, the shape of the IPC contract's getJobRows answer. */
export type JobRowsPageResult = JobRowsPage;

export type OpenJobServiceResult =
  { ok: true; value: JobService } | { ok: false; error: AppErrorValue; lockedBy?: LockHolder };

export type ProgressListener = (progress: JobProgress) => void;
/** Called with the whole list after a job is created, deleted, or comes to rest in a new state. */
export type JobsChangedListener = (jobs: JobSummary[]) => void;

interface Run {
  abort: AbortController;
  reason: 'pause' | 'cancel' | 'close' | null;
  token: { value: string };
  rate: RateMeter;
  done: Promise<void>;
}

interface LiveJob {
  id: string;
  name: string;
  site: string;
  createdAt: string;
  updatedAt: string;
  dir: string;
  status: Uint8Array;
  counts: JobCounts;
  persisted: PersistedState;
  persistedMessage: string | undefined;
  /** What is happening now; differs from `persisted` only while a run is active. */
  state: JobState;
  stateMessage: string | undefined;
  waitSeconds: number | undefined;
  batchesDone: number;
  /** Fixed for the length of a run so "batch n of N" does not wobble while batches are split. */
  runBatches: number | null;
  run: Run | null;
  journal: Journal | null;
  deleting: boolean;
  /**
   * The records of a job created by this process, kept until its first run has started so that run
   * does not parse back the job.json it just wrote (for 100,000 rows that parse costs as much as
   * sending several batches). Jobs loaded from disk read job.json when they run.
   */
  records: PhoneRecord[] | null;
  /** Rows stored in sheet order with an index (job.json v2): pages are read without the rest. */
  indexed: boolean;
  /** Messages of failed and warned rows, loaded on the first page asked for and kept up to date. */
  details: DetailMap | null;
}

const READ_ONLY_MESSAGE = 'This list of jobs is read-only: another program is sending from this data folder.';
const READ_ONLY = err('validation', READ_ONLY_MESSAGE);
const NO_TOKEN_MESSAGE = 'No API token is saved for this site. Connect to Wasp again to continue sending.';
/** Jobs in these states continue on their own when the service opens with autoStart. */
const AUTO_RESUME: ReadonlySet<PersistedState> = new Set(['queued', 'auth', 'forbidden', 'unreachable']);

/**
 * The durable job queue: creates jobs on disk, sends them with the sending engine, and keeps each
 * row's outcome. One job sends at a time per site (Wasp's limits are per site); jobs for different
 * sites run side by side. Everything is recoverable from disk: a crash, a kill or a closed laptop
 * loses nothing, and a batch whose answer was not recorded is sent again (Wasp's call is an upsert).
 */
export class JobService {
  private readonly jobs = new Map<string, LiveJob>();
  private readonly listeners = new Set<ProgressListener>();
  private readonly listListeners = new Set<JobsChangedListener>();
  /** The last job.json parsed for getJobRows: paging through a 100,000-row job must not re-parse it per page. */
  private defCache: { id: string; def: JobDefinition } | null = null;
  private headCache: { id: string; headers: string[]; mapping: Mapping } | null = null;
  private readonly online = new Waker();
  private sendOptions: SendOptions;
  private readonly settledWaiters: { id: string | null; resolve: () => void }[] = [];
  private closing = false;
  /**
   * Without autoStart, only the jobs this process was asked to send (created here, or start()ed)
   * are sent: a CLI run must not pick up another process's queued job and then abandon it mid-call
   * when its own job is done.
   */
  private readonly asked = new Set<string>();
  /** Jobs this process is writing right now: a scan of the folder (adoptNew) must not load them a second time. */
  private readonly creating = new Set<string>();
  /** Jobs being pointed at another site: not started meanwhile (a run would still use the old site). */
  private readonly moving = new Set<string>();
  /** Problems met while loading (an unreadable job folder); the rest of the jobs still load. */
  readonly loadProblems: string[] = [];
  /** Job folders that could not be replayed: listed as damaged, never sent, left untouched on disk. */
  private readonly damaged = new Map<string, DamagedJob>();

  private constructor(
    private readonly options: JobServiceOptions,
    private readonly dataDir: string,
    private readonly lock: DataFolderLock,
  ) {
    const s = { ...DEFAULT_SEND_OPTIONS, ...options.send };
    this.sendOptions = {
      ...s,
      batchSize: clampBatchSize(s.batchSize),
      concurrency: Math.min(MAX_PARALLEL, Math.max(1, Math.floor(s.concurrency))),
    };
  }

  /** Takes the data folder's sender lock, loads the jobs and, with autoStart, resumes the unfinished ones. */
  static async open(options: JobServiceOptions): Promise<OpenJobServiceResult> {
    const dataDir = resolve(options.dataDir);
    let lock: Awaited<ReturnType<typeof acquireDataFolderLock>>;
    try {
      await mkdir(dataDir, { recursive: true });
      lock =
        options.readOnly === true
          ? { ok: true, lock: { path: '', release: async () => {} } }
          : options.lock !== undefined
            ? { ok: true, lock: options.lock }
            : await acquireDataFolderLock(dataDir, options.owner ?? 'program');
    } catch (e) {
      return {
        ok: false,
        error: { kind: 'internal', message: `The data folder ${dataDir} cannot be used: ${ioCode(e)}.` },
      };
    }
    if (!lock.ok)
      return {
        ok: false,
        error: { kind: 'validation', message: lock.message, detail: lock.path },
        lockedBy: lock.holder,
      };
    const service = new JobService(options, dataDir, lock.lock);
    try {
      await service.load();
    } catch (e) {
      await lock.lock.release();
      return {
        ok: false,
        error: { kind: 'internal', message: `The jobs in ${dataDir} could not be read: ${ioCode(e)}.` },
      };
    }
    if (options.autoStart === true && options.readOnly !== true) {
      for (const job of service.jobs.values()) {
        // A disk that cannot take the line leaves the job where it was; it must not stop the app opening.
        if (job.counts.pending > 0 && AUTO_RESUME.has(job.persisted) && job.persisted !== 'queued')
          await service.persist(job, 'queued').catch(() => undefined);
      }
      service.schedule();
    }
    return { ok: true, value: service };
  }

  private async load(only?: (site: string) => Promise<boolean>): Promise<LiveJob[]> {
    const added: LiveJob[] = [];
    for (const id of await listJobDirs(this.dataDir)) {
      if (this.jobs.has(id) || this.creating.has(id)) continue;
      const dir = join(jobsRoot(this.dataDir), id);
      try {
        const job = await this.loadOne(dir);
        if (only !== undefined && !(await only(job.site))) continue;
        // Created or taken up by this process while the journal was being read.
        if (this.jobs.has(job.id) || this.creating.has(job.id)) continue;
        this.jobs.set(job.id, job);
        this.damaged.delete(id);
        added.push(job);
      } catch (e) {
        // A later scan (adoptNew) meets the same damaged folder again: it is listed once, from the first load.
        if (only === undefined) {
          this.loadProblems.push(`Job folder ${dir} could not be read (${ioCode(e)}); it was left untouched.`);
          this.damaged.set(id, await inspectDamagedJob(dir, id, e));
        }
      }
    }
    return added;
  }

  private async loadOne(dir: string): Promise<LiveJob> {
    const r = await replayJournal(dir, { repair: this.options.readOnly !== true, details: false });
    const job: LiveJob = {
      id: r.header.id,
      name: r.header.name,
      site: r.site,
      createdAt: r.header.createdAt,
      updatedAt: r.updatedAt,
      dir,
      status: r.status,
      counts: r.counts,
      persisted: r.state,
      persistedMessage: r.stateMessage,
      state: r.state,
      stateMessage: r.stateMessage,
      waitSeconds: undefined,
      batchesDone: r.batchesDone,
      runBatches: null,
      run: null,
      journal: null,
      deleting: false,
      records: null,
      indexed: await isIndexedJob(dir),
      details: null,
    };
    return job;
  }

  /**
   * Takes in a job another part of this process wrote and placed in the jobs folder (the paged
   * creation in main/intake/job-drafts.ts): from here on it is an ordinary job of the queue.
   * `start: 'later'` queues it without sending from here (as createJob does).
   */
  async adoptJob(id: string, start: boolean | 'later' = true): Promise<Result<JobSummary>> {
    if (this.options.readOnly === true) return READ_ONLY;
    // The folder is in the jobs folder before this call, so the queue watch (adoptNew) may have
    // taken it up already: keep that one job. A second LiveJob for the id would start a second run
    // that sends every row again and that Pause, hidden from the list, could not stop.
    const known = this.jobs.get(id);
    if (known !== undefined) return ok(this.summary(known));
    let job: LiveJob;
    this.creating.add(id);
    try {
      job = await this.loadOne(join(jobsRoot(this.dataDir), id));
    } catch (e) {
      return err('internal', `The new job could not be read back (${ioCode(e)}). Nothing was sent.`);
    } finally {
      this.creating.delete(id);
    }
    this.jobs.set(job.id, job);
    this.emit(job);
    this.changed();
    if (start !== 'later') this.schedule();
    if (job.persisted === 'done') await this.compact(job);
    return ok(this.summary(job));
  }

  /**
   * Takes up jobs another process put into the folder since this one opened (a CLI import while the
   * app is open): those `accept` says this process can send (it has a token for the site) are loaded
   * and, when queued, sent. Returns the ids taken up. See main/jobs/queue-watch.ts.
   */
  async adoptNew(accept: (site: string) => Promise<boolean>): Promise<string[]> {
    if (this.options.readOnly === true || this.closing) return [];
    const added = await this.load(accept);
    if (added.length === 0) return [];
    for (const job of added) this.emit(job);
    this.changed();
    this.schedule();
    return added.map((j) => j.id);
  }

  /**
   * Points a job that is not sending at another site: its unsent rows go there; rows already
   * answered stay recorded against the site that answered them (the journal keeps both). A job that
   * was waiting on its old site (queued, a wrong address, a token) is queued for the new one; a
   * paused or stopped job stays so until resumed.
   */
  async moveJob(id: string, site: string): Promise<Result<JobSummary>> {
    if (this.options.readOnly === true) return READ_ONLY;
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    const to = parseSiteUrl(site);
    if (!to.ok) return to;
    if (job.run !== null && (job.state === 'sending' || job.state === 'waiting'))
      return err('validation', 'The job is sending: pause it before moving it to another site.');
    if (job.counts.pending === 0)
      return err('validation', 'Every row of this job has been answered: there is nothing left to send elsewhere.');
    if (to.value === job.site) return ok(this.summary(job));
    if (this.moving.has(id)) return err('validation', 'The job is being moved already.');
    this.moving.add(id);
    try {
      if (job.run !== null) {
        // Waiting for an offline site: stop waiting ('close' leaves it queued on disk), then move.
        job.run.reason = 'close';
        job.run.abort.abort();
        await job.run.done;
      }
      const requeue = job.persisted !== 'paused' && job.persisted !== 'stopped';
      const at = new Date().toISOString();
      await appendMove(job.dir, to.value, at);
      job.site = to.value;
      if (requeue) {
        await this.persist(job, 'queued');
        if (this.options.autoStart !== true) this.asked.add(job.id);
      } else job.updatedAt = at;
    } finally {
      this.moving.delete(id);
    }
    if (this.defCache?.id === id) this.defCache = null;
    this.emit(job);
    this.changed();
    this.schedule();
    return ok(this.summary(job));
  }

  // ─── Creating and reading ────────────────────────────────────────────────────────────────────

  /** Most calls in flight for runs that start from now on (the send setting, CLI --max-parallel). */
  setMaxParallel(n: number): void {
    this.sendOptions = { ...this.sendOptions, concurrency: Math.min(MAX_PARALLEL, Math.max(1, Math.floor(n))) };
  }

  get maxParallel(): number {
    return this.sendOptions.concurrency;
  }

  /** The data folder jobs live in (resolved). */
  get dataFolder(): string {
    return this.dataDir;
  }

  /** Why no job can be created now (a read-only listing, shutting down), or null. */
  creationProblem(): AppErrorValue | null {
    if (this.options.readOnly === true) return { kind: 'validation', message: READ_ONLY_MESSAGE };
    if (this.closing) return { kind: 'internal', message: 'The job queue is shutting down.' };
    return null;
  }

  /** Validates and writes the job to disk (synced) before returning; sending starts after that. */
  async createJob(input: NewJob): Promise<Result<JobSummary>> {
    if (this.options.readOnly === true && this.options.guest !== true) return READ_ONLY;
    if (this.closing) return err('internal', 'The job queue is shutting down.');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') return err('validation', 'Give the job a name.');
    const site = parseSiteUrl(typeof input.site === 'string' ? input.site : '');
    if (!site.ok) return site;
    if (!Array.isArray(input.rows) || input.rows.length === 0) return err('validation', 'The job has no rows.');
    for (let i = 0; i < input.rows.length; i++) {
      const problem = rowProblem(input.rows[i]);
      if (problem !== null)
        return err('validation', `Row ${i + 1} of the job cannot be stored: ${problem}.`, `rows[${i}]`);
    }
    const meta = {
      id: randomUUID(),
      name,
      site: site.value,
      createdAt: new Date().toISOString(),
      mapping: input.mapping,
      headers: Array.isArray(input.headers) ? input.headers.map(String) : [],
    };
    // Stored in sheet order, so a page of the job is a range of its rows file. The rows are written
    // straight from the input, one line at a time: a 1,000,000-row job is never copied whole.
    const n = input.rows.length;
    const order = sheetOrderOf(input.rows);
    const verdicts = input.verdicts !== undefined && input.verdicts.length === n ? input.verdicts : null;
    const status = new Uint8Array(n);
    const counts: JobCounts = { total: n, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 };
    const records: PhoneRecord[] | null = input.start === 'later' ? null : new Array(n);
    this.creating.add(meta.id);
    try {
      await this.writeIndexed(meta, async (add) => {
        for (let k = 0; k < n; k++) {
          const i = order === null ? k : order[k]!;
          const r = input.rows[i]!;
          const v = verdicts?.[i];
          const stored: StoredRow = {
            row: r.row,
            cells: r.cells,
            record: pickRecord(r.record),
            status: v?.status ?? r.status ?? (r.excluded === true ? 'skipped' : 'pending'),
          };
          const message = v === undefined ? r.message : v.message;
          if (message !== undefined) stored.message = message;
          status[k] = STATUS[stored.status];
          counts[stored.status]++;
          if (records !== null) records[k] = stored.record;
          await add(stored);
        }
      });
    } catch (e) {
      this.creating.delete(meta.id);
      return err('internal', `The job could not be saved to disk (${ioCode(e)}). Nothing was sent.`);
    }
    const def = meta;
    const job: LiveJob = {
      id: def.id,
      name,
      site: def.site,
      createdAt: def.createdAt,
      updatedAt: def.createdAt,
      dir: join(jobsRoot(this.dataDir), def.id),
      status,
      counts,
      persisted: 'queued',
      persistedMessage: undefined,
      state: 'queued',
      stateMessage: undefined,
      waitSeconds: undefined,
      batchesDone: 0,
      runBatches: null,
      run: null,
      journal: null,
      deleting: false,
      records: counts.pending > 0 ? records : null,
      indexed: true,
      details: new Map(),
    };
    this.jobs.set(job.id, job);
    this.creating.delete(def.id);
    if (counts.pending === 0) {
      await this.persist(job, 'done');
      await this.compact(job);
    } else if (input.start === false) await this.persist(job, 'paused', 'Not started yet: resume the job to send it.');
    this.emit(job);
    this.changed();
    if (input.start !== 'later') {
      this.asked.add(job.id);
      this.schedule();
    }
    return ok(this.summary(job));
  }

  /** Newest first; damaged jobs are listed too (state `damaged`), so none disappears unseen. */
  listJobs(): JobSummary[] {
    return [...this.jobs.values()]
      .filter((j) => !j.deleting)
      .map((j) => this.summary(j))
      .concat([...this.damaged.values()].map(damagedSummary))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  /** Jobs whose files could not be read when the service opened. */
  damagedJobs(): DamagedJob[] {
    return [...this.damaged.values()];
  }

  /** The summary and every row's outcome, in sheet order. */
  async getJob(id: string): Promise<Result<JobDetail>> {
    if (this.damaged.has(id)) return this.damagedError(id);
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    try {
      const [def, replay] = await Promise.all([
        readDefinition(job.dir),
        replayJournal(job.dir, { repair: false, details: true }),
      ]);
      const rows = sheetOrder(def).map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
      if (replay.sites.length > 1)
        attributeSites(rows, sheetOrder(def), job.status, replay.sites, replay.answeredBy, job.site);
      return ok({ summary: this.summary(job), mapping: def.mapping, headers: def.headers, rows });
    } catch (e) {
      return err('internal', `The job's files could not be read (${ioCode(e)}).`);
    }
  }

  /**
   * One page of rows in sheet order, optionally only some statuses. The job definition is cached
   * for the job last asked about; statuses come from memory and messages from the journal.
   */
  async getJobRows(id: string, query: JobRowsQuery): Promise<Result<JobRowsPageResult>> {
    if (this.damaged.has(id)) return this.damagedError(id);
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    if (job.indexed) return this.getIndexedRows(job, query);
    try {
      const def = this.defCache?.id === id ? this.defCache.def : await readDefinition(job.dir);
      this.defCache = { id, def };
      const replay = await replayJournal(job.dir, { repair: false, details: true });
      const wanted = query.statuses === undefined ? null : new Set<RowStatus>(query.statuses);
      const order = sheetOrder(def);
      const byStatus = wanted === null ? order : order.filter((i) => wanted.has(STATUS_NAMES[job.status[i]!]!));
      const matches = rowSearch(query.search ?? '');
      const selected = matches === null ? byStatus : byStatus.filter((i) => matches(def.rows[i]!.record));
      const offset = Math.max(0, Math.floor(query.offset));
      const limit = Math.max(1, Math.floor(query.limit));
      const rows = selected
        .slice(offset, offset + limit)
        .map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
      return ok({ job: this.summary(job), headers: def.headers, mapping: def.mapping, total: selected.length, rows });
    } catch (e) {
      return err('internal', `The job's files could not be read (${ioCode(e)}).`);
    }
  }

  private async getIndexedRows(job: LiveJob, query: JobRowsQuery): Promise<Result<JobRowsPageResult>> {
    try {
      const head = await this.indexedHead(job);
      const base = { offset: query.offset, limit: query.limit, matches: rowSearch(query.search ?? '') };
      const page = await readIndexedPage(
        job.dir,
        job.status,
        job.counts,
        query.statuses === undefined ? base : { ...base, statuses: query.statuses },
      );
      const details = job.details ?? (await this.loadDetails(job));
      const rows = page.rows.map((r, k) => {
        const i = page.positions[k]!;
        return rowDetail(r, job.status[i]!, details.get(i));
      });
      return ok({ job: this.summary(job), headers: head.headers, mapping: head.mapping, total: page.total, rows });
    } catch (e) {
      return err('internal', `The job's files could not be read (${ioCode(e)}).`);
    }
  }

  /** job.json of an indexed job is small: headers and mapping only. Cached for the job last asked about. */
  private async indexedHead(job: LiveJob): Promise<{ headers: string[]; mapping: Mapping }> {
    if (this.headCache?.id === job.id) return this.headCache;
    const raw = JSON.parse(await readFile(join(job.dir, 'job.json'), 'utf8')) as {
      headers?: unknown;
      mapping?: unknown;
    };
    this.headCache = {
      id: job.id,
      headers: Array.isArray(raw.headers) ? (raw.headers as string[]) : [],
      mapping: raw.mapping as Mapping,
    };
    return this.headCache;
  }

  /** One replay per job and process; from then on commit() keeps the map current. */
  private async loadDetails(job: LiveJob): Promise<DetailMap> {
    const replay = await replayJournal(job.dir, { repair: false, details: true });
    // Batches recorded while the journal was being read are already in job.details if it was set meanwhile.
    job.details ??= replay.details ?? new Map();
    return job.details;
  }

  /** A finished job's journal becomes its final state (job-compaction.ts); failures only cost the saving. */
  private async compact(job: LiveJob, fromItsRun = false): Promise<void> {
    if (this.options.readOnly === true || (job.run !== null && !fromItsRun)) return;
    try {
      await compactJournal(job.dir);
    } catch {
      // The long journal is still complete and correct.
    }
  }

  private async writeIndexed(
    meta: NewJobMeta,
    rows: (add: (r: StoredRow) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const dir = await newJobFolder(this.dataDir, meta.id);
    const builder = await IndexedJobBuilder.start(dir, meta);
    try {
      await rows((r) => builder.addRow(r));
      await builder.finish();
    } catch (e) {
      await builder.abort();
      throw e;
    }
    await placeJob(this.dataDir, dir, meta.id);
  }

  /** Stops the job if it is sending and removes it from disk. */
  async deleteJob(id: string): Promise<Result<void>> {
    if (this.options.readOnly === true) return READ_ONLY;
    if (this.damaged.has(id)) return this.deleteDamaged(id);
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    job.deleting = true;
    if (job.run !== null) {
      job.run.reason = 'cancel';
      job.run.abort.abort();
      await job.run.done;
    }
    try {
      await removeJobDir(this.dataDir, id);
    } catch (e) {
      job.deleting = false;
      return err('internal', `The job could not be deleted (${ioCode(e)}).`);
    }
    this.jobs.delete(id);
    if (this.defCache?.id === id) this.defCache = null;
    if (this.headCache?.id === id) this.headCache = null;
    this.changed();
    this.resolveSettled();
    this.schedule();
    return ok(undefined);
  }

  // ─── Controlling ─────────────────────────────────────────────────────────────────────────────

  /** Queues the job (or, without an id, every job with rows still pending) to send. */
  async start(id?: string): Promise<Result<void>> {
    if (this.options.readOnly === true) return READ_ONLY;
    if (this.closing) return err('internal', 'The job queue is shutting down.');
    if (id !== undefined && this.damaged.has(id)) return this.damagedError(id);
    const targets =
      id === undefined
        ? [...this.jobs.values()].filter((j) => !j.deleting && j.counts.pending > 0)
        : [this.jobs.get(id)];
    for (const job of targets) {
      if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
      this.asked.add(job.id);
      if (job.run !== null) continue;
      if (job.counts.pending === 0) {
        if (job.persisted !== 'done') await this.persist(job, 'done');
        continue;
      }
      if (job.persisted !== 'queued') {
        try {
          await this.persist(job, 'queued');
        } catch (e) {
          return err('internal', diskStopMessage(e));
        }
      }
    }
    this.schedule();
    return ok(undefined);
  }

  /** A paused, stopped or rejected job continues where it was; answers with its summary. */
  async resume(id: string): Promise<Result<JobSummary>> {
    const r = await this.start(id);
    return r.ok ? this.summaryOf(id) : r;
  }

  /** Stops sending after abandoning the call in flight; the job keeps its place and can be resumed. */
  async pause(id: string): Promise<Result<JobSummary>> {
    return this.halt(id, 'pause', 'paused');
  }

  /** Stops the job; unsent rows stay pending and the job can be resumed later. */
  async cancel(id: string): Promise<Result<JobSummary>> {
    return this.halt(id, 'cancel', 'stopped');
  }

  private damagedError(id: string): Result<never> {
    return err('validation', damagedSummary(this.damaged.get(id)!).stateMessage ?? 'This job is damaged.');
  }

  private async deleteDamaged(id: string): Promise<Result<void>> {
    try {
      await removeJobDir(this.dataDir, id);
    } catch (e) {
      return err('internal', `The job could not be deleted (${ioCode(e)}).`);
    }
    this.damaged.delete(id);
    this.changed();
    return ok(undefined);
  }

  private summaryOf(id: string): Result<JobSummary> {
    const job = this.jobs.get(id);
    return job === undefined || job.deleting ? err('not-found', 'That job no longer exists.') : ok(this.summary(job));
  }

  private async halt(id: string, reason: 'pause' | 'cancel', state: 'paused' | 'stopped'): Promise<Result<JobSummary>> {
    if (this.options.readOnly === true) return READ_ONLY;
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    if (job.persisted === 'done' && job.run === null) return err('validation', 'That job has already finished.');
    if (job.run !== null) {
      job.run.reason = reason;
      job.run.abort.abort();
      await job.run.done;
      return this.summaryOf(id);
    }
    await this.persist(job, state);
    this.emit(job);
    this.changed();
    this.resolveSettled();
    return this.summaryOf(id);
  }

  /**
   * A new token was saved for `site`: running jobs switch to it for their next call, and jobs that
   * stopped on a rejected token (or missing permission, which a new token may bring) start again.
   */
  async tokenChanged(site: string): Promise<void> {
    if (this.options.readOnly === true) return;
    const parsed = parseSiteUrl(site);
    if (!parsed.ok) return;
    for (const job of this.jobs.values()) {
      if (job.site !== parsed.value || job.deleting) continue;
      if (job.run !== null) {
        const token = await this.safeToken(job.site);
        if (token !== null && job.run !== null) job.run.token.value = token;
      } else if (
        (job.persisted === 'auth' || job.persisted === 'forbidden' || job.persisted === 'unreachable') &&
        job.counts.pending > 0
      ) {
        // A token that tests fine also proves the address answers like Wasp.
        await this.persist(job, 'queued');
      }
    }
    this.schedule();
  }

  /** A hint (e.g. Electron's online event) that the network is back: offline jobs probe at once. */
  notifyOnline(): void {
    this.online.fire();
  }

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onJobsChanged(listener: JobsChangedListener): () => void {
    this.listListeners.add(listener);
    return () => this.listListeners.delete(listener);
  }

  private changed(): void {
    if (this.listListeners.size === 0) return;
    const jobs = this.listJobs();
    for (const l of this.listListeners) {
      try {
        l(jobs);
      } catch {
        // A broken listener must not stop the queue.
      }
    }
  }

  /**
   * Resolves when the job (or, without an id, every job) is neither sending nor queued to send:
   * done, paused, stopped, or waiting for the user (auth, forbidden). For the CLI and tests.
   */
  whenSettled(id?: string): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push({ id: id ?? null, resolve });
      this.resolveSettled();
    });
  }

  /** Abandons calls in flight (their rows stay pending and resume next time) and releases the lock. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const runs: Promise<void>[] = [];
    for (const job of this.jobs.values()) {
      if (job.run === null) continue;
      job.run.reason = 'close';
      job.run.abort.abort();
      runs.push(job.run.done);
    }
    await Promise.all(runs);
    await this.lock.release();
    for (const w of this.settledWaiters.splice(0)) w.resolve();
  }

  // ─── Running ─────────────────────────────────────────────────────────────────────────────────

  private schedule(): void {
    if (this.options.readOnly === true) return;
    if (this.closing) return;
    const busySites = new Set([...this.jobs.values()].filter((j) => j.run !== null).map((j) => j.site));
    const waiting = [...this.jobs.values()]
      .filter(
        (j) =>
          j.run === null &&
          !j.deleting &&
          !this.moving.has(j.id) &&
          j.persisted === 'queued' &&
          (this.options.autoStart === true || this.asked.has(j.id)),
      )
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    for (const job of waiting) {
      if (busySites.has(job.site)) continue;
      busySites.add(job.site);
      this.startRun(job);
    }
    this.resolveSettled();
  }

  private startRun(job: LiveJob): void {
    const run: Run = {
      abort: new AbortController(),
      reason: null,
      token: { value: '' },
      rate: new RateMeter(),
      done: Promise.resolve(),
    };
    job.run = run;
    run.done = this.execute(job, run).finally(() => {
      job.run = null;
      job.runBatches = null;
      job.waitSeconds = undefined;
      job.state = job.persisted;
      job.stateMessage = job.persistedMessage;
      this.emit(job);
      this.changed();
      this.schedule();
    });
  }

  private async execute(job: LiveJob, run: Run): Promise<void> {
    try {
      let items: SendItem[] = [];
      if (job.records !== null || !job.indexed) {
        const records = job.records ?? (await readDefinition(job.dir)).rows.map((r) => r.record);
        for (let i = 0; i < records.length; i++)
          if (job.status[i] === STATUS.pending) items.push({ id: i, record: records[i]! });
      } else items = await readPendingItems(job.dir, job.status);
      job.records = null;
      if (run.abort.signal.aborted) return this.afterInterrupt(job, run);
      if (items.length === 0) return void (await this.persist(job, 'done'));

      const token = await this.safeToken(job.site);
      if (run.abort.signal.aborted) return this.afterInterrupt(job, run);
      if (token === null) return void (await this.persist(job, 'auth', NO_TOKEN_MESSAGE));
      run.token.value = token;
      const client = createWaspClient({
        site: job.site,
        token: () => run.token.value,
        version: this.options.version,
        os: this.options.os,
        timeoutMs: this.options.timeoutMs,
        fetch: this.options.fetch,
      });
      if (!client.ok) return void (await this.persist(job, 'stopped', client.error.message));

      job.journal = await Journal.open(join(job.dir, JOURNAL_FILE));
      job.runBatches = job.batchesDone + Math.ceil(items.length / this.sendOptions.batchSize);
      run.rate.start(Date.now());
      const end = await runSend({
        items,
        transport: this.options.transport
          ? this.options.transport(job.site, tokenAwareTransport(client.value, run.token))
          : tokenAwareTransport(client.value, run.token),
        options: this.sendOptions,
        signal: run.abort.signal,
        onlineHint: this.online,
        hooks: {
          commit: (outcomes, completed) => this.commit(job, run, outcomes, completed),
          status: (s) => this.liveStatus(job, s),
        },
      });
      switch (end.kind) {
        case 'done':
          // Every sent row has an outcome by now; rows still pending would mean a bug, and
          // re-queueing them would loop, so the job rests where a person can see it.
          if (job.counts.pending === 0) await this.persist(job, 'done');
          else
            await this.persist(
              job,
              'stopped',
              `${job.counts.pending} rows got no answer from Wasp. Resume the job to send them again.`,
            );
          return;
        case 'interrupted':
          return this.afterInterrupt(job, run);
        case 'auth':
        case 'forbidden':
        case 'unreachable':
          await this.persist(job, end.kind, end.message);
          return;
        case 'fatal':
          await this.persist(job, 'stopped', end.message);
          return;
      }
    } catch (e) {
      // Disk trouble: nothing unrecorded is lost (rows stay pending), but the job cannot go on by itself.
      const message = diskStopMessage(e);
      // If even the stop cannot be written, the job still rests as stopped here: left 'queued', the
      // schedule would restart it at once, forever. On disk it stays queued, so the next start retries it.
      await this.persist(job, 'stopped', message).catch(() => this.restUnrecorded(job, 'stopped', message));
    } finally {
      await job.journal?.close().catch(() => undefined);
      job.journal = null;
      if (job.persisted === 'done' && !job.deleting) await this.compact(job, true);
    }
  }

  private async afterInterrupt(job: LiveJob, run: Run): Promise<void> {
    // On close the job stays 'queued' on disk, so the next start picks it up by itself.
    if (run.reason === 'pause') await this.persist(job, 'paused');
    else if (run.reason === 'cancel' && !job.deleting) await this.persist(job, 'stopped');
  }

  private async commit(job: LiveJob, run: Run, outcomes: ItemOutcome[], completed: number): Promise<void> {
    // Only pending rows may change: an answer for a row that already has one is not counted again.
    const fresh = outcomes.filter((o) => job.status[o.id] === STATUS.pending);
    const at = new Date().toISOString();
    // The journal is the truth: memory (counts, events, the CLI's summary) changes only once the
    // line is on disk, so a full disk can never leave rows counted saved that a restart sends again.
    const entry = encodeOutcomes(fresh, job.batchesDone + completed, at);
    try {
      await job.journal!.append(entry);
    } catch (e) {
      throw new AppError('internal', diskStopMessage(e));
    }
    // The row index's messages follow the journal, never run ahead of it.
    if (job.details !== null) for (const t of [...(entry.f ?? []), ...(entry.w ?? [])]) job.details.set(t[0], t);
    for (const o of fresh) {
      if (job.status[o.id] !== STATUS.pending) continue;
      job.status[o.id] = o.status === 'saved' ? STATUS.saved : STATUS.failed;
      job.counts.pending--;
      job.counts[o.status]++;
    }
    job.batchesDone += completed;
    job.updatedAt = at;
    // The event reports this batch as it stood, even if the next batch lands while this one is synced.
    const snapshot = { counts: { ...job.counts }, batch: job.batchesDone };
    run.rate.add(Date.now(), fresh.length);
    this.emit(job, snapshot);
  }

  private liveStatus(job: LiveJob, s: RunStatus): void {
    job.state = s.state;
    job.waitSeconds = s.state === 'sending' ? undefined : s.waitSeconds;
    job.stateMessage = s.state === 'sending' ? undefined : s.message;
    this.emit(job);
  }

  private async safeToken(site: string): Promise<string | null> {
    try {
      const t = await this.options.getToken(site);
      return t === null || t.trim() === '' ? null : t;
    } catch {
      return null;
    }
  }

  /** The resting state when its line could not be written (full disk): held in memory only. */
  private restUnrecorded(job: LiveJob, state: PersistedState, message: string): void {
    job.persisted = state;
    job.persistedMessage = message;
    job.updatedAt = new Date().toISOString();
  }

  /** Appends a state line (durable) and makes it the job's resting state. */
  private async persist(job: LiveJob, state: PersistedState, message?: string): Promise<void> {
    const at = new Date().toISOString();
    const entry = message === undefined ? { t: 's', at, state } : { t: 's', at, state, msg: message };
    if (job.journal !== null) await job.journal.append(entry);
    else {
      const j = await Journal.open(join(job.dir, JOURNAL_FILE));
      try {
        await j.append(entry);
      } finally {
        await j.close();
      }
    }
    job.persisted = state;
    job.persistedMessage = message;
    job.updatedAt = at;
    if (job.run === null) {
      job.state = state;
      job.stateMessage = message;
    }
  }

  // ─── Reporting ───────────────────────────────────────────────────────────────────────────────

  private batchesTotal(job: LiveJob): number {
    return job.runBatches ?? job.batchesDone + Math.ceil(job.counts.pending / this.sendOptions.batchSize);
  }

  private summary(job: LiveJob): JobSummary {
    const s: JobSummary = {
      id: job.id,
      name: job.name,
      site: job.site,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      state: job.state,
      counts: { ...job.counts },
      batchesTotal: this.batchesTotal(job),
      batchesDone: job.batchesDone,
    };
    if (job.stateMessage !== undefined) s.stateMessage = job.stateMessage;
    return s;
  }

  private emit(job: LiveJob, at?: { counts: JobCounts; batch: number }): void {
    if (this.listeners.size === 0) return;
    const counts = at?.counts ?? { ...job.counts };
    const p: JobProgress = {
      jobId: job.id,
      state: job.state,
      counts,
      batch: at?.batch ?? job.batchesDone,
      batches: this.batchesTotal(job),
      rate: job.run === null ? 0 : Math.round(job.run.rate.rate() * 10) / 10,
      etaSeconds: job.run === null ? (counts.pending === 0 ? 0 : null) : job.run.rate.etaSeconds(counts.pending),
    };
    if (job.waitSeconds !== undefined) p.waitSeconds = job.waitSeconds;
    if (job.stateMessage !== undefined) p.message = job.stateMessage;
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // A broken listener (e.g. a closed window) must not stop the job.
      }
    }
  }

  private resolveSettled(): void {
    const settled = (j: LiveJob) =>
      j.run === null &&
      (j.persisted !== 'queued' || this.closing || (this.options.autoStart !== true && !this.asked.has(j.id)));
    for (let i = this.settledWaiters.length - 1; i >= 0; i--) {
      const w = this.settledWaiters[i]!;
      const job = w.id === null ? undefined : this.jobs.get(w.id);
      const ready = w.id === null ? [...this.jobs.values()].every(settled) : job === undefined || settled(job);
      if (ready) {
        this.settledWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

/**
 * Wraps the client so that a 401 answered to a token that has since been replaced is not taken as
 * a rejection of the new token: the call is simply made again with the new one.
 */
function tokenAwareTransport(client: WaspClient, token: { value: string }): BatchTransport {
  const guard = async (used: string, outcome: Promise<CallOutcome>): Promise<CallOutcome> => {
    const o = await outcome;
    if (o.kind === 'auth' && token.value !== used)
      return { kind: 'retryable', reason: 'token-changed', message: 'Retrying with the new token.' };
    return o;
  };
  return {
    save: (records, signal) => guard(token.value, client.save(records, signal)),
    probe: (signal) => guard(token.value, client.probe(signal)),
  };
}

/** Positions in sheet order (stable), or null when the rows already are (the usual case: one pass). */
function sheetOrderOf(rows: readonly { row: number }[]): number[] | null {
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) if (rows[i]!.row < rows[i - 1]!.row) sorted = false;
  return sorted ? null : rows.map((_, i) => i).sort((a, b) => rows[a]!.row - rows[b]!.row || a - b);
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

function pickRecord(r: PhoneRecord): PhoneRecord {
  return {
    CustomerNumber: r.CustomerNumber,
    PhoneNumber: r.PhoneNumber,
    PhoneExtension: r.PhoneExtension,
    PhoneTypeName: r.PhoneTypeName,
  };
}

function rowProblem(r: NewJobRow | undefined): string | null {
  if (typeof r !== 'object' || r === null) return 'not a row';
  if (!Number.isInteger(r.row) || r.row < 1) return 'the sheet row number is missing';
  if (!Array.isArray(r.cells) || !r.cells.every((c) => typeof c === 'string')) return 'the original cells are missing';
  const rec = r.record as Partial<Record<keyof PhoneRecord, unknown>> | undefined;
  if (typeof rec !== 'object' || rec === null) return 'the record is missing';
  for (const f of ['CustomerNumber', 'PhoneNumber', 'PhoneExtension', 'PhoneTypeName'] as const)
    if (typeof rec[f] !== 'string') return `${f} is not text`;
  if (r.status !== undefined && r.status !== 'pending' && r.status !== 'invalid' && r.status !== 'skipped')
    return 'its status must be pending, invalid or skipped';
  return null;
}

function diskStopMessage(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
  if (e instanceof AppError && e.kind === 'internal' && e.message.startsWith('The job stopped')) return e.message;
  return `The job stopped because ${full ? 'the disk is full' : 'its files could not be read or written'} (${ioCode(e)}). Rows not yet recorded stay queued and nothing is lost; free some space, then resume the job.`;
}

function ioCode(e: unknown): string {
  if (e instanceof AppError) return e.message;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}
