import { randomUUID } from 'node:crypto';
import { rowSearch } from '../../shared/records/row-search.js';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, err, ok, type AppErrorValue, type Result } from '../../shared/domain/app-error.js';
import type { JobCounts, JobProgress, JobState, JobSummary, Mapping, RowOutcome, RowStatus } from '../../shared/domain/job.js';
import type { JobRowsPage } from '../../shared/ipc/contract.js';
import type { PhoneRecord, SourceRecord } from '../../shared/domain/phone-record.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import { clampBatchSize } from '../sending/batching.js';
import { runSend } from '../sending/send-run.js';
import { DEFAULT_SEND_OPTIONS, type BatchTransport, type ItemOutcome, type RunStatus, type SendItem, type SendOptions } from '../sending/types.js';
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
  writeNewJob,
  type DetailTuple,
  type JobDefinition,
  type PersistedState,
  type StoredRow,
} from './job-files.js';
import { Journal } from './journal.js';
import { acquireDataFolderLock, type DataFolderLock, type LockHolder } from './lock.js';
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

export type JobRowDetail = RowOutcome & { cells: string[]; record: PhoneRecord };

export interface JobDetail {
  summary: JobSummary;
  mapping: Mapping;
  headers: string[];
  /** In sheet order. */
  rows: JobRowDetail[];
}

/** One page of a job's rows, the shape of the IPC contract's getJobRows answer. */
export type JobRowsPageResult = JobRowsPage;

export type OpenJobServiceResult = { ok: true; value: JobService } | { ok: false; error: AppErrorValue; lockedBy?: LockHolder };

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
}

const READ_ONLY = err('validation', 'This list of jobs is read-only: another program is sending from this data folder.');
const NO_TOKEN_MESSAGE = 'No API token is saved for this site. Connect to Wasp again to continue sending.';
/** Jobs in these states continue on their own when the service opens with autoStart. */
const AUTO_RESUME: ReadonlySet<PersistedState> = new Set(['queued', 'auth', 'forbidden']);

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
  private readonly online = new Waker();
  private readonly sendOptions: SendOptions;
  private readonly settledWaiters: { id: string | null; resolve: () => void }[] = [];
  private closing = false;
  /** Problems met while loading (an unreadable job folder); the rest of the jobs still load. */
  readonly loadProblems: string[] = [];

  private constructor(
    private readonly options: JobServiceOptions,
    private readonly dataDir: string,
    private readonly lock: DataFolderLock,
  ) {
    const s = { ...DEFAULT_SEND_OPTIONS, ...options.send };
    this.sendOptions = { ...s, batchSize: clampBatchSize(s.batchSize), concurrency: Math.max(1, Math.floor(s.concurrency)) };
  }

  /** Takes the data folder's sender lock, loads the jobs and, with autoStart, resumes the unfinished ones. */
  static async open(options: JobServiceOptions): Promise<OpenJobServiceResult> {
    const dataDir = resolve(options.dataDir);
    let lock: Awaited<ReturnType<typeof acquireDataFolderLock>>;
    try {
      await mkdir(dataDir, { recursive: true });
      lock = options.readOnly === true
        ? { ok: true, lock: { path: '', release: async () => {} } }
        : await acquireDataFolderLock(dataDir, options.owner ?? 'program');
    } catch (e) {
      return { ok: false, error: { kind: 'internal', message: `The data folder ${dataDir} cannot be used: ${ioCode(e)}.` } };
    }
    if (!lock.ok) return { ok: false, error: { kind: 'validation', message: lock.message, detail: lock.path }, lockedBy: lock.holder };
    const service = new JobService(options, dataDir, lock.lock);
    try {
      await service.load();
    } catch (e) {
      await lock.lock.release();
      return { ok: false, error: { kind: 'internal', message: `The jobs in ${dataDir} could not be read: ${ioCode(e)}.` } };
    }
    if (options.autoStart === true && options.readOnly !== true) {
      for (const job of service.jobs.values()) {
        if (job.counts.pending > 0 && AUTO_RESUME.has(job.persisted) && job.persisted !== 'queued') await service.persist(job, 'queued');
      }
      service.schedule();
    }
    return { ok: true, value: service };
  }

  private async load(): Promise<void> {
    for (const id of await listJobDirs(this.dataDir)) {
      const dir = join(jobsRoot(this.dataDir), id);
      try {
        const r = await replayJournal(dir, { repair: this.options.readOnly !== true, details: false });
        const job: LiveJob = {
          id: r.header.id,
          name: r.header.name,
          site: r.header.site,
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
        };
        this.jobs.set(job.id, job);
      } catch (e) {
        this.loadProblems.push(`Job folder ${dir} could not be read (${ioCode(e)}); it was left untouched.`);
      }
    }
  }

  // ─── Creating and reading ────────────────────────────────────────────────────────────────────

  /** Validates and writes the job to disk (synced) before returning; sending starts after that. */
  async createJob(input: NewJob): Promise<Result<JobSummary>> {
    if (this.options.readOnly === true) return READ_ONLY;
    if (this.closing) return err('internal', 'The job queue is shutting down.');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') return err('validation', 'Give the job a name.');
    const site = parseSiteUrl(typeof input.site === 'string' ? input.site : '');
    if (!site.ok) return site;
    if (!Array.isArray(input.rows) || input.rows.length === 0) return err('validation', 'The job has no rows.');
    const rows: StoredRow[] = [];
    for (let i = 0; i < input.rows.length; i++) {
      const problem = rowProblem(input.rows[i]);
      if (problem !== null) return err('validation', `Row ${i + 1} of the job cannot be stored: ${problem}.`, `rows[${i}]`);
      const r = input.rows[i]!;
      const stored: StoredRow = { row: r.row, cells: r.cells, record: pickRecord(r.record), status: r.status ?? (r.excluded === true ? 'skipped' : 'pending') };
      if (r.message !== undefined) stored.message = r.message;
      rows.push(stored);
    }
    const def: JobDefinition = {
      id: randomUUID(),
      name,
      site: site.value,
      createdAt: new Date().toISOString(),
      mapping: input.mapping,
      headers: Array.isArray(input.headers) ? input.headers.map(String) : [],
      rows,
    };
    try {
      await writeNewJob(this.dataDir, def);
    } catch (e) {
      return err('internal', `The job could not be saved to disk (${ioCode(e)}). Nothing was sent.`);
    }
    const status = new Uint8Array(rows.length);
    const counts: JobCounts = { total: rows.length, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 };
    rows.forEach((r, i) => {
      status[i] = STATUS[r.status];
      counts[r.status]++;
    });
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
      records: counts.pending > 0 ? rows.map((r) => r.record) : null,
    };
    this.jobs.set(job.id, job);
    if (counts.pending === 0) await this.persist(job, 'done');
    else if (input.start === false) await this.persist(job, 'paused', 'Not started yet: resume the job to send it.');
    this.emit(job);
    this.changed();
    if (input.start !== 'later') this.schedule();
    return ok(this.summary(job));
  }

  /** Newest first. */
  listJobs(): JobSummary[] {
    return [...this.jobs.values()]
      .filter((j) => !j.deleting)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .map((j) => this.summary(j));
  }

  /** The summary and every row's outcome, in sheet order. */
  async getJob(id: string): Promise<Result<JobDetail>> {
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
    try {
      const [def, replay] = await Promise.all([readDefinition(job.dir), replayJournal(job.dir, { repair: false, details: true })]);
      const rows = sheetOrder(def).map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
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
    const job = this.jobs.get(id);
    if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
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
      const rows = selected.slice(offset, offset + limit).map((i) => rowDetail(def.rows[i]!, job.status[i]!, replay.details?.get(i)));
      return ok({ job: this.summary(job), headers: def.headers, mapping: def.mapping, total: selected.length, rows });
    } catch (e) {
      return err('internal', `The job's files could not be read (${ioCode(e)}).`);
    }
  }

  /** Stops the job if it is sending and removes it from disk. */
  async deleteJob(id: string): Promise<Result<void>> {
    if (this.options.readOnly === true) return READ_ONLY;
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
    const targets = id === undefined ? [...this.jobs.values()].filter((j) => !j.deleting && j.counts.pending > 0) : [this.jobs.get(id)];
    for (const job of targets) {
      if (job === undefined || job.deleting) return err('not-found', 'That job no longer exists.');
      if (job.run !== null) continue;
      if (job.counts.pending === 0) {
        if (job.persisted !== 'done') await this.persist(job, 'done');
        continue;
      }
      if (job.persisted !== 'queued') await this.persist(job, 'queued');
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
      } else if ((job.persisted === 'auth' || job.persisted === 'forbidden') && job.counts.pending > 0) {
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
      .filter((j) => j.run === null && !j.deleting && j.persisted === 'queued')
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    for (const job of waiting) {
      if (busySites.has(job.site)) continue;
      busySites.add(job.site);
      this.startRun(job);
    }
    this.resolveSettled();
  }

  private startRun(job: LiveJob): void {
    const run: Run = { abort: new AbortController(), reason: null, token: { value: '' }, rate: new RateMeter(), done: Promise.resolve() };
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
      const records = job.records ?? (await readDefinition(job.dir)).rows.map((r) => r.record);
      job.records = null;
      if (run.abort.signal.aborted) return this.afterInterrupt(job, run);
      const items: SendItem[] = [];
      for (let i = 0; i < records.length; i++) if (job.status[i] === STATUS.pending) items.push({ id: i, record: records[i]! });
      if (items.length === 0) return void (await this.persist(job, 'done'));

      const token = await this.safeToken(job.site);
      if (run.abort.signal.aborted) return this.afterInterrupt(job, run);
      if (token === null) return void (await this.persist(job, 'auth', NO_TOKEN_MESSAGE));
      run.token.value = token;
      const client = createWaspClient({ site: job.site, token: () => run.token.value, version: this.options.version, os: this.options.os, timeoutMs: this.options.timeoutMs, fetch: this.options.fetch });
      if (!client.ok) return void (await this.persist(job, 'stopped', client.error.message));

      job.journal = await Journal.open(join(job.dir, JOURNAL_FILE));
      job.runBatches = job.batchesDone + Math.ceil(items.length / this.sendOptions.batchSize);
      run.rate.start(Date.now());
      const end = await runSend({
        items,
        transport: tokenAwareTransport(client.value, run.token),
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
          else await this.persist(job, 'stopped', `${job.counts.pending} rows got no answer from Wasp. Resume the job to send them again.`);
          return;
        case 'interrupted':
          return this.afterInterrupt(job, run);
        case 'auth':
        case 'forbidden':
          await this.persist(job, end.kind, end.message);
          return;
        case 'fatal':
          await this.persist(job, 'stopped', end.message);
          return;
      }
    } catch (e) {
      // Disk trouble: nothing unrecorded is lost (rows stay pending), but the job cannot go on by itself.
      await this.persist(job, 'stopped', `The job stopped because its files could not be read or written (${ioCode(e)}). Resume it once the disk is available.`).catch(() => undefined);
    } finally {
      await job.journal?.close().catch(() => undefined);
      job.journal = null;
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
    for (const o of fresh) {
      job.status[o.id] = o.status === 'saved' ? STATUS.saved : STATUS.failed;
      job.counts.pending--;
      job.counts[o.status]++;
    }
    job.batchesDone += completed;
    job.updatedAt = new Date().toISOString();
    // The event reports this batch as it stood, even if the next batch lands while this one is synced.
    const snapshot = { counts: { ...job.counts }, batch: job.batchesDone };
    try {
      await job.journal!.append(encodeOutcomes(fresh, job.batchesDone, job.updatedAt));
    } catch (e) {
      throw new AppError('internal', `The job's progress could not be written to disk (${ioCode(e)}). Rows not yet recorded stay queued; resume the job once the disk is available.`);
    }
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
    const settled = (j: LiveJob) => j.run === null && (j.persisted !== 'queued' || this.closing);
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
    if (o.kind === 'auth' && token.value !== used) return { kind: 'retryable', reason: 'token-changed', message: 'Retrying with the new token.' };
    return o;
  };
  return {
    save: (records, signal) => guard(token.value, client.save(records, signal)),
    probe: (signal) => guard(token.value, client.probe(signal)),
  };
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
  return { CustomerNumber: r.CustomerNumber, PhoneNumber: r.PhoneNumber, PhoneExtension: r.PhoneExtension, PhoneTypeName: r.PhoneTypeName };
}

function rowProblem(r: NewJobRow | undefined): string | null {
  if (typeof r !== 'object' || r === null) return 'not a row';
  if (!Number.isInteger(r.row) || r.row < 1) return 'the sheet row number is missing';
  if (!Array.isArray(r.cells) || !r.cells.every((c) => typeof c === 'string')) return 'the original cells are missing';
  const rec = r.record as Partial<Record<keyof PhoneRecord, unknown>> | undefined;
  if (typeof rec !== 'object' || rec === null) return 'the record is missing';
  for (const f of ['CustomerNumber', 'PhoneNumber', 'PhoneExtension', 'PhoneTypeName'] as const) if (typeof rec[f] !== 'string') return `${f} is not text`;
  if (r.status !== undefined && r.status !== 'pending' && r.status !== 'invalid' && r.status !== 'skipped') return 'its status must be pending, invalid or skipped';
  return null;
}

function ioCode(e: unknown): string {
  if (e instanceof AppError) return e.message;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}
