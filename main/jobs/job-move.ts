import { join } from 'node:path';
import { JOURNAL_FILE, type MoveEntry } from './job-files.js';
import { Journal } from './journal.js';

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
