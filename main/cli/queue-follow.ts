import { join } from 'node:path';
import type { JobCounts, JobProgress } from '../../shared/domain/job.js';
import { jobsRoot, type PersistedState } from '../jobs/job-files.js';
import { replayJournal } from '../jobs/journal-replay.js';
import { acquireDataFolderLock, type DataFolderLock } from '../jobs/lock.js';
import { readLiveState } from '../jobs/live-state.js';
import type { ProgressOutput } from './progress-output.js';

/** A job as a follower sees it on disk. */
export interface FollowedJob {
  id: string;
  /** The resting state from the journal, or `offline` when the sender says it is waiting for the network. */
  state: PersistedState | 'offline' | 'deleted';
  message: string | undefined;
  counts: JobCounts;
  batchesDone: number;
  /** When the journal last changed: tells a job the sender has answered from one it has not touched. */
  updatedAt: string;
}

export type FollowEnd =
  /** This process now holds the folder: it sends what is left itself. */
  | { kind: 'lock'; lock: DataFolderLock }
  /** The running sender brought every job to rest (done, or stopped for a reason the command reports). */
  | { kind: 'rested'; jobs: FollowedJob[] }
  | { kind: 'interrupted' };

export interface FollowOptions {
  dataDir: string;
  jobIds: readonly string[];
  out: ProgressOutput;
  signal: AbortSignal;
  /**
   * Whether a job resting in this state is the end of the wait. A state the command could still
   * change by sending itself (e.g. `auth` when it has WASP_TOKEN for the site) keeps it waiting.
   */
  endsWait(job: FollowedJob): boolean;
  pollMs?: number;
}

/**
 * The guest side of "one queue, many senders": while another process (the app, another CLI run)
 * holds the data folder, this command's job sits in the shared queue. The holder may take it up
 * (the app does), in which case its progress appears in the job's journal and is printed here; or
 * the holder finishes and lets go of the folder, in which case this process takes the lock and
 * sends the job itself. Only the lock holder ever writes to an existing job, so following is pure
 * reading. A holder that died is recognised by acquireDataFolderLock and its lock taken over.
 */
export async function followUntilSender(o: FollowOptions): Promise<FollowEnd> {
  const pollMs = o.pollMs ?? 300;
  const shown = new Map<string, string>();
  for (;;) {
    if (o.signal.aborted) return { kind: 'interrupted' };
    const lock = await acquireDataFolderLock(o.dataDir, 'cli');
    if (lock.ok) return { kind: 'lock', lock: lock.lock };
    const jobs = await readJobs(o.dataDir, o.jobIds);
    for (const j of jobs) {
      if (j.state === 'deleted') continue;
      const p = progressOf(j);
      const key = JSON.stringify([p.state, p.counts, p.batch]);
      if (shown.get(j.id) !== key) {
        shown.set(j.id, key);
        o.out.update(p);
      }
    }
    if (
      jobs.length === o.jobIds.length &&
      jobs.every((j) => j.state === 'deleted' || (j.state !== 'queued' && o.endsWait(j)))
    )
      return { kind: 'rested', jobs };
    await sleep(pollMs, o.signal);
  }
}

async function readJobs(dataDir: string, ids: readonly string[]): Promise<FollowedJob[]> {
  const out: FollowedJob[] = [];
  for (const id of ids) {
    try {
      // Read-only replay: the holder may be appending; a torn last line is ignored, never repaired.
      const dir = join(jobsRoot(dataDir), id);
      const r = await replayJournal(dir, { repair: false, details: false });
      // While the job rests queued, the sender's passing state says whether it is offline.
      const live = r.state === 'queued' ? await readLiveState(dir) : null;
      if (live?.state === 'offline')
        out.push({
          id,
          state: 'offline',
          message: live.message,
          counts: r.counts,
          batchesDone: r.batchesDone,
          updatedAt: r.updatedAt,
        });
      else
        out.push({
          id,
          state: r.state,
          message: r.stateMessage,
          counts: r.counts,
          batchesDone: r.batchesDone,
          updatedAt: r.updatedAt,
        });
    } catch (e) {
      // Deleted by the sender (the user removed it in the app): nothing more will happen to it.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        out.push({
          id,
          state: 'deleted',
          message: undefined,
          counts: { total: 0, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 },
          batchesDone: 0,
          updatedAt: '',
        });
      // Otherwise not readable this instant: try again at the next look.
    }
  }
  return out;
}

function progressOf(j: FollowedJob): JobProgress {
  const p: JobProgress = {
    jobId: j.id,
    // While the holder sends, the journal still says queued: what is visible from here is progress.
    state:
      j.state === 'queued' ? (j.batchesDone > 0 ? 'sending' : 'queued') : j.state === 'deleted' ? 'stopped' : j.state,
    counts: j.counts,
    batch: j.batchesDone,
    batches: 0,
    rate: 0,
    etaSeconds: null,
  };
  if (j.message !== undefined) p.message = j.message;
  return p;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
