import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOB_STATES, type JobState } from '../../shared/domain/job.js';
import { jobsRoot } from './job-files.js';
import type { JobService } from './job-service.js';

/**
 * What the folder's sender is doing with a job right now (sending, waiting, offline), for a process
 * that follows the job from outside: a `wasp-phones import` whose job the app took up must end with
 * exit 4 when the app is offline, as it would had it sent the job itself. Journals only hold what
 * lasts (outcomes and resting states); this small file holds the passing state. It is advisory:
 * written aside and renamed, never synced, and only ever written by the lock holder.
 */
export const LIVE_FILE = 'live.json';

export interface LiveState {
  state: JobState;
  message?: string;
  at: string;
}

export function publishLiveStates(jobs: JobService, dataDir: string): () => void {
  const last = new Map<string, string>();
  const off = jobs.onProgress((p) => {
    const key = `${p.state}|${p.message ?? ''}`;
    if (last.get(p.jobId) === key) return;
    last.set(p.jobId, key);
    const live: LiveState = { state: p.state, at: new Date().toISOString() };
    if (p.message !== undefined) live.message = p.message;
    void writeLive(join(jobsRoot(dataDir), p.jobId), live);
  });
  return off;
}

async function writeLive(jobDir: string, live: LiveState): Promise<void> {
  const path = join(jobDir, LIVE_FILE);
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(live));
    await rename(temp, path);
  } catch {
    // A deleted job, a full disk: the follower then simply sees less.
    await unlink(temp).catch(() => undefined);
  }
}

export async function readLiveState(jobDir: string): Promise<LiveState | null> {
  try {
    const v = JSON.parse(await readFile(join(jobDir, LIVE_FILE), 'utf8')) as Partial<LiveState>;
    if (typeof v.state !== 'string' || !(JOB_STATES as readonly string[]).includes(v.state) || typeof v.at !== 'string')
      return null;
    const live: LiveState = { state: v.state, at: v.at };
    if (typeof v.message === 'string') live.message = v.message;
    return live;
  } catch {
    return null;
  }
}
