import type { JobSummary } from '../../shared/domain/job.js';

/** One paragraph per damaged job: which one, what is wrong and what to do (the summary's message). */
export function formatDamagedNotes(jobs: readonly JobSummary[]): string {
  const damaged = jobs.filter((j) => j.state === 'damaged');
  if (damaged.length === 0) return '';
  return damaged
    .map((j) => `\nDamaged job ${j.id} (${j.name}): ${j.stateMessage ?? 'its files cannot be read.'}\n`)
    .join('');
}
