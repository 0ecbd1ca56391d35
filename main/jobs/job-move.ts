import { join } from 'node:path';
import { err, type Result } from '../../shared/domain/app-error.js';
import { JOURNAL_FILE, type MoveEntry } from './job-files.js';
import { Journal } from './journal.js';
import type { LiveJob } from './live-job.js';

/**
 * Records that a job now sends to `site`. The job's job.json keeps the site it was made for; the
 * journal says where it went since, so the rows answered before the move stay attributed to the
 * site that answered them (replayJournal's `answeredBy`).
 */
export async function appendMove(jobDir: string, site: string, at: string): Promise<void> {
  const entry: MoveEntry = { t: 'm', at, site };
  const journal = await Journal.open(join(jobDir, JOURNAL_FILE));
  try {
    await journal.append(entry);
  } finally {
    await journal.close();
  }
}

/** Why the job cannot be pointed at another site now, or null. */
export function moveProblem(job: Pick<LiveJob, 'run' | 'state' | 'counts'>): Result<never> | null {
  if (job.run !== null && (job.state === 'sending' || job.state === 'waiting'))
    return err('validation', 'The job is sending: pause it before moving it to another site.');
  if (job.counts.pending === 0)
    return err('validation', 'Every row of this job has been answered: there is nothing left to send elsewhere.');
  return null;
}
