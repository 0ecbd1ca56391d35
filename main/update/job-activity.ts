import type { JobState } from '../../shared/domain/job.js';
import type { JobService } from '../jobs/job-service.js';
import type { JobActivity } from './update-policy.js';

/** States in which quitting would cut a batch off mid-call. */
const SENDING: ReadonlySet<JobState> = new Set(['sending', 'waiting']);

/** The job queue as the update policy needs to see it: is a send under way, and when does it stop. */
export function jobActivity(jobs: JobService): JobActivity {
  const isSending = () => jobs.listJobs().some((j) => SENDING.has(j.state));
  return {
    isSending,
    onIdle(listener) {
      let wasSending = isSending();
      return jobs.onProgress(() => {
        const now = isSending();
        if (wasSending && !now) listener();
        wasSending = now;
      });
    },
  };
}
