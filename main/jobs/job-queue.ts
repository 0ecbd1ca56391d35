import { err, ok, type Result } from '../../shared/domain/app-error.js';
import type { JobProgress, JobSummary } from '../../shared/domain/job.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import { clampBatchSize } from '../sending/batching.js';
import { DEFAULT_SEND_OPTIONS, MAX_PARALLEL, type SendOptions } from '../sending/types.js';
import { Waker } from '../sending/wake.js';
import type { DamagedJobs } from './damaged-jobs.js';
import { diskStopMessage, NO_SUCH_JOB } from './job-errors.js';
import { startRun, tokenFor, type RunContext } from './job-run.js';
import { Listeners } from './listeners.js';
import { jobProgress, jobSummary, persistState, type LiveJob, type ProgressSnapshot } from './live-job.js';

/** How the queue runs: who it sends for and with what. */
export interface QueuePolicy {
  /** false for a read-only listing: nothing is ever started. */
  sends: boolean;
  /** Send every queued job (the app), or only those this process was asked to (the CLI). */
  autoStart: boolean;
  /** Everything a run needs but the send settings, the online hint and the events, which the queue keeps. */
  run: Omit<RunContext, 'sendOptions' | 'online' | 'emit'>;
  send?: Partial<SendOptions> | undefined;
}

/**
 * The jobs this process holds and their runs: which job sends next (the oldest queued one of each
 * site with none running: Wasp's limits are per site), starting, pausing and stopping them, who is
 * told when a job moves on, and waiting until jobs settle. Opening, creating, moving and reading
 * jobs are the job service's (job-service.ts); a run itself is job-run.ts.
 */
export class JobQueue {
  private readonly jobs = new Map<string, LiveJob>();
  /**
   * Without autoStart, only the jobs this process was asked to send (created here, or started)
   * are sent: a CLI run must not pick up another process's queued job and then abandon it mid-call
   * when its own job is done.
   */
  private readonly asked = new Set<string>();
  /** Jobs this process is writing right now: a scan of the folder (adoptNew) must not load them a second time. */
  private readonly creating = new Set<string>();
  /** Jobs being pointed at another site: not started meanwhile (a run would still use the old site). */
  private readonly moving = new Set<string>();
  private closing = false;
  private sendOptions: SendOptions;
  private readonly online = new Waker();
  private readonly progress = new Listeners<JobProgress>();
  private readonly listChanges = new Listeners<JobSummary[]>();
  private readonly settledWaiters: { id: string | null; resolve: () => void }[] = [];

  constructor(
    private readonly policy: QueuePolicy,
    private readonly damaged: DamagedJobs,
  ) {
    const s = { ...DEFAULT_SEND_OPTIONS, ...policy.send };
    this.sendOptions = { ...s, batchSize: clampBatchSize(s.batchSize), concurrency: parallelism(s.concurrency) };
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Every job held, deleting ones included. */
  all(): IterableIterator<LiveJob> {
    return this.jobs.values();
  }

  /** Whether `id` is held or being written by this process (a folder scan must leave it alone). */
  knows(id: string): boolean {
    return this.jobs.has(id) || this.creating.has(id);
  }

  /** The job `id` as held, deleting or not. */
  held(id: string): LiveJob | undefined {
    return this.jobs.get(id);
  }

  /** Holds the job from now on. */
  add(job: LiveJob): void {
    this.jobs.set(job.id, job);
  }

  remove(id: string): void {
    this.jobs.delete(id);
  }

  /** Marks the job asked to be sent by this process (see `asked`); with autoStart every job is. */
  ask(id: string): void {
    if (!this.policy.autoStart) this.asked.add(id);
  }

  /** Runs `writing` while job `id` is being written, so a folder scan does not load it meanwhile. */
  whileCreating<T>(id: string, writing: () => Promise<T>): Promise<T> {
    return whileIn(this.creating, id, writing);
  }

  isMoving(id: string): boolean {
    return this.moving.has(id);
  }

  /** Runs `moving` while job `id` is pointed at another site: it is not started meanwhile. */
  whileMoving<T>(id: string, moving: () => Promise<T>): Promise<T> {
    return whileIn(this.moving, id, moving);
  }

  /** The job `id` unless it is unknown or being deleted. */
  live(id: string): LiveJob | undefined {
    const job = this.jobs.get(id);
    return job === undefined || job.deleting ? undefined : job;
  }

  /** Newest first; damaged jobs are listed too (state `damaged`), so none disappears unseen. */
  list(): JobSummary[] {
    return [...this.jobs.values()]
      .filter((j) => !j.deleting)
      .map((j) => this.summary(j))
      .concat(this.damaged.summaries())
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  summary(job: LiveJob): JobSummary {
    return jobSummary(job, this.sendOptions.batchSize);
  }

  summaryOf(id: string): Result<JobSummary> {
    const job = this.live(id);
    return job === undefined ? NO_SUCH_JOB : ok(this.summary(job));
  }

  /** Queues the job (or, without an id, every job with rows still pending) to send. */
  async start(id?: string): Promise<Result<void>> {
    const targets =
      id === undefined ? [...this.jobs.values()].filter((j) => !j.deleting && j.counts.pending > 0) : [this.live(id)];
    for (const job of targets) {
      if (job === undefined || job.deleting) return NO_SUCH_JOB;
      this.asked.add(job.id);
      if (job.run !== null) continue;
      if (job.counts.pending === 0) {
        if (job.persisted !== 'done') await persistState(job, 'done');
        continue;
      }
      if (job.persisted !== 'queued') {
        try {
          await persistState(job, 'queued');
        } catch (e) {
          return err('internal', diskStopMessage(e));
        }
      }
    }
    this.schedule();
    return ok(undefined);
  }

  /** Pauses or stops the job: a running one after abandoning the call in flight. */
  async halt(id: string, reason: 'pause' | 'cancel', state: 'paused' | 'stopped'): Promise<Result<JobSummary>> {
    const job = this.live(id);
    if (job === undefined) return NO_SUCH_JOB;
    if (job.persisted === 'done' && job.run === null) return err('validation', 'That job has already finished.');
    // A run brings the job to rest itself (job-run.ts), in the state its reason asks for.
    if (await this.stopRun(job, reason)) return this.summaryOf(id);
    await persistState(job, state);
    this.emit(job);
    this.changed();
    this.resolveSettled();
    return this.summaryOf(id);
  }

  /** Abandons the job's run, if it has one, and waits for it to end; true if there was one. */
  async stopRun(job: LiveJob, reason: 'pause' | 'cancel' | 'close'): Promise<boolean> {
    if (job.run === null) return false;
    job.run.reason = reason;
    job.run.abort.abort();
    await job.run.done;
    return true;
  }

  /**
   * A new token was saved for `site`: running jobs switch to it for their next call, and jobs that
   * stopped on a rejected token (or missing permission, which a new token may bring) start again.
   */
  async tokenChanged(site: string): Promise<void> {
    const parsed = parseSiteUrl(site);
    if (!parsed.ok) return;
    for (const job of this.jobs.values()) {
      if (job.site !== parsed.value || job.deleting) continue;
      if (job.run !== null) {
        const token = await tokenFor(this.policy.run.getToken, job.site);
        if (token !== null && job.run !== null) job.run.token.value = token;
      } else if (
        (job.persisted === 'auth' || job.persisted === 'forbidden' || job.persisted === 'unreachable') &&
        job.counts.pending > 0
      ) {
        // A token that tests fine also proves the address answers like Wasp.
        await persistState(job, 'queued');
      }
    }
    this.schedule();
  }

  /** Most calls in flight for runs that start from now on (the send setting, CLI --max-parallel). */
  setMaxParallel(n: number): void {
    this.sendOptions = { ...this.sendOptions, concurrency: parallelism(n) };
  }

  get maxParallel(): number {
    return this.sendOptions.concurrency;
  }

  /** A hint (e.g. Electron's online event) that the network is back: offline jobs probe at once. */
  notifyOnline(): void {
    this.online.fire();
  }

  onProgress(listener: (progress: JobProgress) => void): () => void {
    return this.progress.add(listener);
  }

  onJobsChanged(listener: (jobs: JobSummary[]) => void): () => void {
    return this.listChanges.add(listener);
  }

  emit(job: LiveJob, at?: ProgressSnapshot): void {
    this.progress.tell(() => jobProgress(job, this.sendOptions.batchSize, at));
  }

  changed(): void {
    this.listChanges.tell(() => this.list());
  }

  /** Resolves when the job (or, without an id, every job) is neither sending nor queued to send. */
  whenSettled(id?: string): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push({ id: id ?? null, resolve });
      this.resolveSettled();
    });
  }

  /**
   * Abandons calls in flight (their rows stay pending and resume next time) and starts nothing more;
   * `then` (releasing the sender lock) runs before anyone waiting for jobs to settle is let go.
   */
  async close(then: () => Promise<void>): Promise<void> {
    this.closing = true;
    await Promise.all([...this.jobs.values()].map((job) => this.stopRun(job, 'close')));
    await then();
    for (const w of this.settledWaiters.splice(0)) w.resolve();
  }

  /** Starts the oldest queued job of each site that has none running. */
  schedule(): void {
    if (!this.policy.sends || this.closing) return;
    const busySites = new Set([...this.jobs.values()].filter((j) => j.run !== null).map((j) => j.site));
    const waiting = [...this.jobs.values()]
      .filter(
        (j) =>
          j.run === null &&
          !j.deleting &&
          !this.moving.has(j.id) &&
          j.persisted === 'queued' &&
          (this.policy.autoStart || this.asked.has(j.id)),
      )
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    for (const job of waiting) {
      if (busySites.has(job.site)) continue;
      busySites.add(job.site);
      const context: RunContext = {
        ...this.policy.run,
        sendOptions: this.sendOptions,
        online: this.online,
        emit: (j, at) => this.emit(j, at),
      };
      startRun(job, context, () => {
        this.emit(job);
        this.changed();
        this.schedule();
      });
    }
    this.resolveSettled();
  }

  resolveSettled(): void {
    const settled = (j: LiveJob) =>
      j.run === null && (j.persisted !== 'queued' || this.closing || (!this.policy.autoStart && !this.asked.has(j.id)));
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

/** Calls in flight: a whole number from 1 to MAX_PARALLEL. */
function parallelism(n: number): number {
  return Math.min(MAX_PARALLEL, Math.max(1, Math.floor(n)));
}

/** Runs `work` with `id` in `set`, and takes it out again however the work ends. */
async function whileIn<T>(set: Set<string>, id: string, work: () => Promise<T>): Promise<T> {
  set.add(id);
  try {
    return await work();
  } finally {
    set.delete(id);
  }
}
