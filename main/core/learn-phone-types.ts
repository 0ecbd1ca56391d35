import type { ImportSettingsStore } from '../settings/import-settings-store.js';
import type { JobService } from '../jobs/job-service.js';

const PHONE_TYPE_REFUSAL = /phone ?type/i;

/**
 * Wasp has no call that lists phone types. A finished job tells us some: the types of saved rows
 * were accepted; a type that only ever failed with a phone-type message was refused. A type seen
 * both ways stays known (the failure was about something else on that row).
 */
export async function learnPhoneTypes(jobs: JobService, settings: ImportSettingsStore, jobId: string): Promise<void> {
  const detail = await jobs.getJob(jobId);
  if (!detail.ok) return;
  const accepted = new Set<string>();
  const rejected = new Set<string>();
  for (const r of detail.value.rows) {
    if (r.status === 'saved') accepted.add(r.record.PhoneTypeName);
    else if (r.status === 'failed' && PHONE_TYPE_REFUSAL.test(r.message ?? '')) rejected.add(r.record.PhoneTypeName);
  }
  await settings.learnPhoneTypes(accepted, [...rejected].filter((t) => !accepted.has(t)));
}
