import type { JobSummary } from '../../shared/domain/job.js';
import { STATE_LABEL } from '../../shared/domain/job-state-words.js';

/** `wasp-phones jobs` as a plain table for people; --json gives the data for scripts. */
export function formatJobsTable(jobs: readonly JobSummary[]): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const rows = jobs.map((j) => [
    j.id.slice(0, 8),
    STATE_LABEL[j.state],
    String(j.counts.saved),
    String(j.counts.failed),
    String(j.counts.pending),
    j.createdAt.slice(0, 16).replace('T', ' '),
    j.name,
    j.site,
  ]);
  const head = ['ID', 'STATE', 'SAVED', 'FAILED', 'PENDING', 'CREATED', 'NAME', 'SITE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n') + '\n';
}
