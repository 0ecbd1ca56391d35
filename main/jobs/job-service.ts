import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { err, ok, type AppErrorValue, type Result } from '../../shared/domain/app-error.js';
import type { JobSummary } from '../../shared/domain/job.js';
import type { JobRowsPage } from '../../shared/domain/job-rows.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import { DamagedJobs, inspectDamagedJob, type DamagedJob } from './damaged-jobs.js';
import { compactJournal } from './job-compaction.js';
import { ioCode, NO_SUCH_JOB, READ_ONLY, READ_ONLY_MESSAGE, SHUTTING_DOWN } from './job-errors.js';
import { jobsRoot, type PersistedState } from './job-files.js';
import { listJobDirs, removeJobDir } from './job-folders.js';
import { checkNewJob, type NewJob } from './job-input-checks.js';
import { moveProblem, appendMove } from './job-move.js';
import { JobQueue } from './job-queue.js';
import { writeNewJob } from './job-writer.js';
import { loadLiveJob, newLiveJob, persistState, type LiveJob } from './live-job.js';
import { senderLockFor, type DataFolderLock, type LockResult } from './lock.js';
import type {
  JobServiceOptions,
  JobsChangedListener,
  OpenJobServiceResult,
  ProgressListener,
} from './job-service-options.js';
import { JobRowReader, type JobDetail, type JobRowsQuery } from './row-reader.js';

export type { NewJob, NewJobRow } from './job-input-checks.js';
export type {
  JobServiceOptions,
  JobsChangedListener,
  OpenJobServiceResult,
  ProgressListener,
} from './job-service-options.js';
export type { JobDetail, JobRowDetail, JobRowsQuery } from './row-reader.js';

/** Jobs in these states continue on their own when the service opens with autoStart. */
const AUTO_RESUME: ReadonlySet<PersistedState> = new Set(['queued', 'auth', 'forbidden', 'unreachable']);

/**
 * The durable job queue, as the app, the CLI and the IPC see it: opens a data folder's jobs,
 * creates jobs on disk, moves, reads and deletes them. Everything is recoverable from disk: a
 * crash, a kill or a closed laptop loses nothing, and a batch whose answer was not recorded is sent
 * again (Wasp's call is an upsert). Its parts: the queue and its runs (job-queue.ts, job-run.ts),
 * the row reader (row-reader.ts), the checks on a new job (job-input-checks.ts) and its writer
 * (job-writer.ts).
 */
export class JobService {
  /** Problems met while loading (an unreadable job folder); the rest of the jobs still load. */
  readonly loadProblems: string[] = [];
  /** Job folders that could not be replayed: listed as damaged, never sent, left untouched on disk. */
  private readonly damaged = new DamagedJobs();
  private readonly queue: JobQueue;
  private readonly rows = new JobRowReader();
  private readonly readOnly: boolean;

  private constructor(
    private readonly options: JobServiceOptions,
    private readonly dataDir: string,
    private readonly lock: DataFolderLock,
  ) {
    this.readOnly = options.readOnly === true;
    const { version, os, timeoutMs, fetch, transport } = options;
    this.queue = new JobQueue(
      {
        sends: !this.readOnly,
        autoStart: options.autoStart === true,
        run: { getToken: (site) => options.getToken(site), version, os, timeoutMs, fetch, transport },
        send: options.send,
      },
      this.damaged,
    );
  }

  /** Takes the data folder's sender lock, loads the jobs and, with autoStart, resumes the unfinished ones. */
  static async open(options: JobServiceOptions): Promise<OpenJobServiceResult> {
    const dataDir = resolve(options.dataDir);
    let lock: LockResult;
    try {
      await mkdir(dataDir, { recursive: true });
      lock = await senderLockFor(dataDir, options);
    } catch (e) {
      return failed('internal', `The data folder ${dataDir} cannot be used: ${ioCode(e)}.`);
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
      return failed('internal', `The jobs in ${dataDir} could not be read: ${ioCode(e)}.`);
    }
    if (options.autoStart === true && options.readOnly !== true) {
      for (const job of service.queue.all()) {
        // A disk that cannot take the line leaves the job where it was; it must not stop the app opening.
        if (job.counts.pending > 0 && AUTO_RESUME.has(job.persisted) && job.persisted !== 'queued')
          await persistState(job, 'queued').catch(() => undefined);
      }
      service.queue.schedule();
    }
    return { ok: true, value: service };
  }

  private async load(only?: (site: string) => Promise<boolean>): Promise<LiveJob[]> {
    const { queue } = this;
    const added: LiveJob[] = [];
    for (const id of await listJobDirs(this.dataDir)) {
      if (queue.knows(id)) continue;
      const dir = join(jobsRoot(this.dataDir), id);
      try {
        const job = await loadLiveJob(dir, !this.readOnly);
        if (only !== undefined && !(await only(job.site))) continue;
        // Created or taken up by this process while the journal was being read.
        if (queue.knows(job.id)) continue;
        queue.add(job);
        this.damaged.delete(id);
        added.push(job);
      } catch (e) {
        // A later scan (adoptNew) meets the same damaged folder again: it is listed once, from the first load.
        if (only === undefined) {
          this.loadProblems.push(`Job folder ${dir} could not be read (${ioCode(e)}); it was left untouched.`);
          this.damaged.add(await inspectDamagedJob(dir, id, e));
        }
      }
    }
    return added;
  }

  /**
   * Takes in a job another part of this process wrote and placed in the jobs folder (the paged
   * creation in main/intake/job-drafts.ts): from here on it is an ordinary job of the queue.
   * `start: 'later'` queues it without sending from here (as createJob does).
   */
  async adoptJob(id: string, start: boolean | 'later' = true): Promise<Result<JobSummary>> {
    if (this.readOnly) return READ_ONLY;
    let job: LiveJob;
    try {
      job = await loadLiveJob(join(jobsRoot(this.dataDir), id), true);
    } catch (e) {
      return err('internal', `The new job could not be read back (${ioCode(e)}). Nothing was sent.`);
    }
    // The folder watcher (adoptNew) may have taken the job up since its folder was placed: one job,
    // one LiveJob, or the same rows would be sent by two runs at once.
    const known = this.queue.held(id);
    if (known !== undefined) job = known;
    else this.queue.add(job);
    this.queue.emit(job);
    this.queue.changed();
    if (start !== 'later') {
      // Committing the job is the ask to send it, as createJob's is (a queue without autoStart
      // sends only what it was asked to).
      this.queue.ask(job.id);
      this.queue.schedule();
    }
    if (job.persisted === 'done') await this.compact(job);
    return ok(this.queue.summary(job));
  }

  /**
   * Takes up jobs another process put into the folder since this one opened (a CLI import while the
   * app is open): those `accept` says this process can send (it has a token for the site) are loaded
   * and, when queued, sent. Returns the ids taken up. See main/jobs/queue-watch.ts.
   */
  async adoptNew(accept: (site: string) => Promise<boolean>): Promise<string[]> {
    if (this.readOnly || this.queue.isClosing) return [];
    const added = await this.load(accept);
    if (added.length === 0) return [];
    for (const job of added) this.queue.emit(job);
    this.queue.changed();
    this.queue.schedule();
    return added.map((j) => j.id);
  }

  /**
   * Points a job that is not sending at another site: its unsent rows go there; rows already
   * answered stay recorded against the site that answered them (the journal keeps both). A job that
   * was waiting on its old site (queued, a wrong address, a token) is queued for the new one; a
   * paused or stopped job stays so until resumed.
   */
  async moveJob(id: string, site: string): Promise<Result<JobSummary>> {
    if (this.readOnly) return READ_ONLY;
    const { queue } = this;
    const job = queue.live(id);
    if (job === undefined) return NO_SUCH_JOB;
    const to = parseSiteUrl(site);
    if (!to.ok) return to;
    const problem = moveProblem(job);
    if (problem !== null) return problem;
    if (to.value === job.site) return ok(queue.summary(job));
    if (queue.isMoving(id)) return err('validation', 'The job is being moved already.');
    await queue.whileMoving(id, async () => {
      // Waiting for an offline site: stop waiting ('close' leaves it queued on disk), then move.
      await queue.stopRun(job, 'close');
      const requeue = job.persisted !== 'paused' && job.persisted !== 'stopped';
      const at = new Date().toISOString();
      await appendMove(job.dir, to.value, at);
      job.site = to.value;
      if (requeue) {
        await persistState(job, 'queued');
        queue.ask(job.id);
      } else job.updatedAt = at;
    });
    this.rows.forget(id);
    queue.emit(job);
    queue.changed();
    queue.schedule();
    return ok(queue.summary(job));
  }

  /** Most calls in flight for runs that start from now on (the send setting, CLI --max-parallel). */
  setMaxParallel(n: number): void {
    this.queue.setMaxParallel(n);
  }

  get maxParallel(): number {
    return this.queue.maxParallel;
  }

  /** The data folder jobs live in (resolved). */
  get dataFolder(): string {
    return this.dataDir;
  }

  /** Why no job can be created now (a read-only listing, shutting down), or null. */
  creationProblem(): AppErrorValue | null {
    if (this.readOnly) return { kind: 'validation', message: READ_ONLY_MESSAGE };
    return this.queue.isClosing ? SHUTTING_DOWN : null;
  }

  /** Checks the job and writes it to disk (synced) before returning; sending starts after that. */
  async createJob(input: NewJob): Promise<Result<JobSummary>> {
    if (this.readOnly && this.options.guest !== true) return READ_ONLY;
    if (this.queue.isClosing) return { ok: false, error: SHUTTING_DOWN };
    const checked = checkNewJob(input);
    if (!checked.ok) return checked;
    const { name, site, mapping, headers, rows, verdicts, start = true } = checked.value;
    const meta = { id: randomUUID(), name, site, createdAt: new Date().toISOString(), mapping, headers };
    const { queue } = this;
    let written;
    try {
      const keepRecords = start !== 'later';
      written = await queue.whileCreating(meta.id, () => writeNewJob(this.dataDir, meta, rows, verdicts, keepRecords));
    } catch (e) {
      return err('internal', `The job could not be saved to disk (${ioCode(e)}). Nothing was sent.`);
    }
    const job = newLiveJob(meta, join(jobsRoot(this.dataDir), meta.id), written);
    queue.add(job);
    if (job.counts.pending === 0) {
      await persistState(job, 'done');
      await this.compact(job);
    } else if (start === false) await persistState(job, 'paused', 'Not started yet: resume the job to send it.');
    queue.emit(job);
    queue.changed();
    if (start !== 'later') {
      queue.ask(job.id);
      queue.schedule();
    }
    return ok(queue.summary(job));
  }

  /** Newest first; damaged jobs are listed too (state `damaged`), so none disappears unseen. */
  listJobs(): JobSummary[] {
    return this.queue.list();
  }

  /** Jobs whose files could not be read when the service opened. */
  damagedJobs(): DamagedJob[] {
    return this.damaged.list();
  }

  /** The summary and every row's outcome, in sheet order. */
  async getJob(id: string): Promise<Result<JobDetail>> {
    return this.read(id, async (job) => ({ summary: this.queue.summary(job), ...(await this.rows.all(job)) }));
  }

  /** One page of rows in sheet order, optionally only some statuses or a search (row-reader.ts). */
  async getJobRows(id: string, query: JobRowsQuery): Promise<Result<JobRowsPage>> {
    return this.read(id, async (job) => ({ job: this.queue.summary(job), ...(await this.rows.page(job, query)) }));
  }

  private async read<T>(id: string, reading: (job: LiveJob) => Promise<T>): Promise<Result<T>> {
    if (this.damaged.has(id)) return this.damaged.refusal(id);
    const job = this.queue.live(id);
    if (job === undefined) return NO_SUCH_JOB;
    try {
      return ok(await reading(job));
    } catch (e) {
      return err('internal', `The job's files could not be read (${ioCode(e)}).`);
    }
  }

  /** A finished job's journal becomes its final state (job-compaction.ts); failures only cost the saving. */
  private async compact(job: LiveJob): Promise<void> {
    if (this.readOnly || job.run !== null) return;
    await compactJournal(job.dir).catch(() => undefined);
  }

  /** Stops the job if it is sending and removes it from disk. */
  async deleteJob(id: string): Promise<Result<void>> {
    if (this.readOnly) return READ_ONLY;
    const { queue } = this;
    if (this.damaged.has(id)) return this.deleteDamaged(id);
    const job = queue.live(id);
    if (job === undefined) return NO_SUCH_JOB;
    job.deleting = true;
    await queue.stopRun(job, 'cancel');
    try {
      await removeJobDir(this.dataDir, id);
    } catch (e) {
      job.deleting = false;
      return err('internal', `The job could not be deleted (${ioCode(e)}).`);
    }
    queue.remove(id);
    this.rows.forget(id);
    queue.changed();
    queue.resolveSettled();
    queue.schedule();
    return ok(undefined);
  }

  private async deleteDamaged(id: string): Promise<Result<void>> {
    try {
      await removeJobDir(this.dataDir, id);
    } catch (e) {
      return err('internal', `The job could not be deleted (${ioCode(e)}).`);
    }
    this.damaged.delete(id);
    this.queue.changed();
    return ok(undefined);
  }

  /** Queues the job (or, without an id, every job with rows still pending) to send. */
  async start(id?: string): Promise<Result<void>> {
    if (this.readOnly) return READ_ONLY;
    if (this.queue.isClosing) return { ok: false, error: SHUTTING_DOWN };
    if (id !== undefined && this.damaged.has(id)) return this.damaged.refusal(id);
    return this.queue.start(id);
  }

  /** A paused, stopped or rejected job continues where it was; answers with its summary. */
  async resume(id: string): Promise<Result<JobSummary>> {
    const r = await this.start(id);
    return r.ok ? this.queue.summaryOf(id) : r;
  }

  /** Stops sending after abandoning the call in flight; the job keeps its place and can be resumed. */
  async pause(id: string): Promise<Result<JobSummary>> {
    return this.readOnly ? READ_ONLY : this.queue.halt(id, 'pause', 'paused');
  }

  /** Stops the job; unsent rows stay pending and the job can be resumed later. */
  async cancel(id: string): Promise<Result<JobSummary>> {
    return this.readOnly ? READ_ONLY : this.queue.halt(id, 'cancel', 'stopped');
  }

  /**
   * A new token was saved for `site`: running jobs switch to it for their next call, and jobs that
   * stopped on a rejected token (or missing permission, which a new token may bring) start again.
   */
  async tokenChanged(site: string): Promise<void> {
    if (!this.readOnly) await this.queue.tokenChanged(site);
  }

  /** A hint (e.g. Electron's online event) that the network is back: offline jobs probe at once. */
  notifyOnline(): void {
    this.queue.notifyOnline();
  }

  onProgress(listener: ProgressListener): () => void {
    return this.queue.onProgress(listener);
  }

  onJobsChanged(listener: JobsChangedListener): () => void {
    return this.queue.onJobsChanged(listener);
  }

  /**
   * Resolves when the job (or, without an id, every job) is neither sending nor queued to send:
   * done, paused, stopped, or waiting for the user (auth, forbidden). For the CLI and tests.
   */
  whenSettled(id?: string): Promise<void> {
    return this.queue.whenSettled(id);
  }

  /** Abandons calls in flight (their rows stay pending and resume next time) and releases the lock. */
  async close(): Promise<void> {
    if (this.queue.isClosing) return;
    await this.queue.close(() => this.lock.release());
  }
}

function failed(kind: 'internal', message: string): OpenJobServiceResult {
  return { ok: false, error: { kind, message } };
}
