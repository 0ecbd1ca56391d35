import { join } from 'node:path';
import type { JobCounts, JobProgress, JobState, JobSummary } from '../../shared/domain/job.js';
import type { SendItem } from '../sending/types.js';
import { JOURNAL_FILE, stateEntry, type PersistedState } from './job-files.js';
import { Journal } from './journal.js';
import { replayJournal } from './journal-replay.js';
import type { RateMeter } from './rate-meter.js';
import { isIndexedJob, type DetailMap } from './row-index.js';

/** A job being sent by this process (see job-run.ts). */
export interface Run {
  abort: AbortController;
  reason: 'pause' | 'cancel' | 'close' | null;
  token: { value: string };
  rate: RateMeter;
  done: Promise<void>;
}

/** A job of the queue as this process holds it: its rows' statuses and counts, its resting state, its run. */
export interface LiveJob {
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
   * The pending rows of a job created by this process, as the items its first run sends, kept until
   * that run has started so that it does not parse back the rows just written (for 100,000 rows that
   * parse costs as much as sending several batches). Jobs loaded from disk read their rows when they run.
   */
  sendable: SendItem[] | null;
  /** Rows stored in sheet order with an index (job.json v2): pages are read without the rest. */
  indexed: boolean;
  /** Messages of failed and warned rows, loaded on the first page asked for and kept up to date. */
  details: DetailMap | null;
}

/** What a job is known by when it comes into the queue; everything else starts at rest. */
export type LiveJobStart = Pick<
  LiveJob,
  | 'id'
  | 'name'
  | 'site'
  | 'createdAt'
  | 'updatedAt'
  | 'dir'
  | 'status'
  | 'counts'
  | 'persisted'
  | 'batchesDone'
  | 'indexed'
> &
  Partial<Pick<LiveJob, 'persistedMessage' | 'sendable' | 'details'>>;

export function liveJob(start: LiveJobStart): LiveJob {
  return {
    ...start,
    persistedMessage: start.persistedMessage,
    state: start.persisted,
    stateMessage: start.persistedMessage,
    waitSeconds: undefined,
    runBatches: null,
    run: null,
    journal: null,
    deleting: false,
    sendable: start.sendable ?? null,
    details: start.details ?? null,
  };
}

/** A job this process has just written (job-writer.ts): queued, nothing sent, its messages map empty. */
export function newLiveJob(
  meta: { id: string; name: string; site: string; createdAt: string },
  dir: string,
  written: { status: Uint8Array; counts: JobCounts; sendable: SendItem[] | null },
): LiveJob {
  const { id, name, site, createdAt } = meta;
  const { status, counts, sendable } = written;
  return liveJob({
    id,
    name,
    site,
    createdAt,
    updatedAt: createdAt,
    dir,
    status,
    counts,
    persisted: 'queued',
    batchesDone: 0,
    indexed: true,
    sendable: counts.pending > 0 ? sendable : null,
    details: new Map(),
  });
}

/** A job folder as its journal says it stands. With `repair`, a torn last line is cut off. */
export async function loadLiveJob(dir: string, repair: boolean): Promise<LiveJob> {
  const r = await replayJournal(dir, { repair, details: false });
  return liveJob({
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
    batchesDone: r.batchesDone,
    indexed: await isIndexedJob(dir),
  });
}

/** Appends a state line (durable) and makes it the job's resting state; a running job shows it when its run ends. */
export async function persistState(job: LiveJob, state: PersistedState, message?: string): Promise<void> {
  const at = new Date().toISOString();
  const entry = stateEntry(at, state, message);
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

/** The resting state when its line could not be written (full disk): held in memory only. */
export function restUnrecorded(job: LiveJob, state: PersistedState, message: string): void {
  job.persisted = state;
  job.persistedMessage = message;
  job.updatedAt = new Date().toISOString();
}

/** Batches of the whole job: fixed while it runs, otherwise those done plus what the pending rows need. */
export function batchesTotal(job: LiveJob, batchSize: number): number {
  return job.runBatches ?? job.batchesDone + Math.ceil(job.counts.pending / batchSize);
}

export function jobSummary(job: LiveJob, batchSize: number): JobSummary {
  const s: JobSummary = {
    id: job.id,
    name: job.name,
    site: job.site,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    state: job.state,
    counts: { ...job.counts },
    batchesTotal: batchesTotal(job, batchSize),
    batchesDone: job.batchesDone,
  };
  if (job.stateMessage !== undefined) s.stateMessage = job.stateMessage;
  return s;
}

/** Counts and batch as they stood when a batch was recorded (the next may land while this one is synced). */
export interface ProgressSnapshot {
  counts: JobCounts;
  batch: number;
}

export function jobProgress(job: LiveJob, batchSize: number, at?: ProgressSnapshot): JobProgress {
  const counts = at?.counts ?? { ...job.counts };
  const p: JobProgress = {
    jobId: job.id,
    state: job.state,
    counts,
    batch: at?.batch ?? job.batchesDone,
    batches: batchesTotal(job, batchSize),
    rate: job.run === null ? 0 : Math.round(job.run.rate.rate() * 10) / 10,
    etaSeconds: job.run === null ? (counts.pending === 0 ? 0 : null) : job.run.rate.etaSeconds(counts.pending),
  };
  if (job.waitSeconds !== undefined) p.waitSeconds = job.waitSeconds;
  if (job.stateMessage !== undefined) p.message = job.stateMessage;
  return p;
}
