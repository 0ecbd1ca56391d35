import type { ImportSettingsStore } from '../settings/import-settings-store.js';
import type { JobService } from '../jobs/job-service.js';
import { READ_CHUNK_ROWS } from '../jobs/row-store.js';

const PHONE_TYPE_REFUSAL = /phone ?type/i;

/**
 * Wasp has no call that lists phone types. A finished job tells us some: the types of saved rows
 * were accepted; a type that only ever failed with a phone-type message was refused. A type seen
 * both ways stays known (the failure was about something else on that row).
 */
export async function learnPhoneTypes(jobs: JobService, settings: ImportSettingsStore, jobId: string): Promise<void> {
  const accepted = new Set<string>();
  const rejected = new Set<string>();
  // Page by page (read by index), so a 1,000,000-row job never holds main's event loop for long.
  // Unfiltered: a page filtered by status is found by counting matches from the first row, which
  // for every page of a million-row job added up to half a billion steps.
  for (let offset = 0; ; offset += READ_CHUNK_ROWS) {
    const page = await jobs.getJobRows(jobId, { offset, limit: READ_CHUNK_ROWS });
    if (!page.ok) return;
    for (const r of page.value.rows) {
      if (r.status === 'saved') accepted.add(r.record.PhoneTypeName);
      else if (r.status === 'failed' && PHONE_TYPE_REFUSAL.test(r.message ?? '')) rejected.add(r.record.PhoneTypeName);
    }
    if (offset + READ_CHUNK_ROWS >= page.value.total) break;
  }
  await settings.learnPhoneTypes(
    accepted,
    [...rejected].filter((t) => !accepted.has(t)),
  );
}
