import type { JobProgress, JobSummary } from '../../../shared/domain/job.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';

/**
 * Jobs as the renderer sees them: the list (refreshed by `jobsChanged` events) and the latest
 * progress event per job. `currentId` is the job the Send and Results screens show.
 */
export class Jobs {
  list = $state<JobSummary[]>([]);
  progress = $state<Record<string, JobProgress>>({});
  currentId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The job the Send and Results screens show. */
  readonly current = $derived(this.list.find((j) => j.id === this.currentId));
  private subscribed = false;

  constructor(private readonly bridge: Pick<WaspBridge, 'listJobs' | 'onJobProgress' | 'onJobsChanged'>) {}

  async load(): Promise<void> {
    const r = await this.bridge.listJobs();
    if (r.ok) {
      this.list = r.value;
      this.error = null;
    } else this.error = r.error.message;
  }

  upsert(summary: JobSummary): void {
    const i = this.list.findIndex((j) => j.id === summary.id);
    if (i >= 0) this.list[i] = summary;
    else this.list.unshift(summary);
  }

  /** Subscribes once to main's job events; called by the shell at start. */
  subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.bridge.onJobProgress((p) => {
      this.progress[p.jobId] = p;
      const j = this.list.find((x) => x.id === p.jobId);
      if (j) {
        j.state = p.state;
        j.counts = p.counts;
        j.batchesDone = p.batch;
        j.batchesTotal = p.batches;
      }
    });
    this.bridge.onJobsChanged((list) => {
      this.list = list;
    });
  }
}
export const jobs = new Jobs(wasp);
