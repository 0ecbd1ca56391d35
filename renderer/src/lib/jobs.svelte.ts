import type { JobProgress, JobSummary } from '../../../shared/domain/job.js';
import { wasp } from './bridge.js';

/**
 * Jobs as the renderer sees them: the list (refreshed by `jobsChanged` events) and the latest
 * progress event per job. `currentId` is the job the Send and Results screens show.
 */
export const jobs = $state<{
  list: JobSummary[];
  progress: Record<string, JobProgress>;
  currentId: string | null;
  error: string | null;
}>({ list: [], progress: {}, currentId: null, error: null });

export async function loadJobs(): Promise<void> {
  const r = await wasp.listJobs();
  if (r.ok) {
    jobs.list = r.value;
    jobs.error = null;
  } else jobs.error = r.error.message;
}

export function currentJob(): JobSummary | undefined {
  return jobs.list.find((j) => j.id === jobs.currentId);
}

export function upsertJob(summary: JobSummary): void {
  const i = jobs.list.findIndex((j) => j.id === summary.id);
  if (i >= 0) jobs.list[i] = summary;
  else jobs.list.unshift(summary);
}

let subscribed = false;
/** Subscribes once to main's job events; called by the shell at start. */
export function subscribeToJobEvents(): void {
  if (subscribed) return;
  subscribed = true;
  wasp.onJobProgress((p) => {
    jobs.progress[p.jobId] = p;
    const j = jobs.list.find((x) => x.id === p.jobId);
    if (j) {
      j.state = p.state;
      j.counts = p.counts;
      j.batchesDone = p.batch;
      j.batchesTotal = p.batches;
    }
  });
  wasp.onJobsChanged((list) => {
    jobs.list = list;
  });
}
