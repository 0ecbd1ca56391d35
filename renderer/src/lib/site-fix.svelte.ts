import type { JobSummary } from '../../../shared/domain/job.js';
import { wasp } from './bridge.js';
import { loadConnections, replaceConnection } from './connections.svelte.js';
import { loadJobs, upsertJob } from './jobs.svelte.js';
import { goTo } from './navigation.svelte.js';

/**
 * A site whose jobs cannot reach it (a mistyped address, a certificate that fails, a server that is
 * not Wasp), opened on Connect to be corrected. Set from Send or Jobs; cleared once fixed.
 */
/** What the test before sending found, per job it let through: the Send screen shows it. */
export const sendNotes = $state<Record<string, string>>({});

export const fixing = $state<{ current: { site: string; message: string } | null }>({ current: null });

/** Opens Connect on the site of a job that cannot reach it. */
export function fixSiteOf(job: Pick<JobSummary, 'site' | 'stateMessage'>, message?: string): void {
  fixing.current = { site: job.site, message: message ?? job.stateMessage ?? 'The job cannot reach this address.' };
  goTo('connect');
}

export type FixOutcome = { ok: true; moved: number; message: string } | { ok: false; message: string };

/** Stores the saved token for the corrected address, tests it, and moves the old address's jobs when it works. */
export async function correctSiteAddress(from: string, to: string): Promise<FixOutcome> {
  const r = await wasp.fixSiteAddress({ from, to });
  if (!r.ok) return { ok: false, message: r.error.message };
  replaceConnection(r.value.test.connection);
  await Promise.all([loadConnections(), loadJobs()]);
  if (r.value.test.result !== 'ok') return { ok: false, message: r.value.test.message };
  fixing.current = null;
  const n = r.value.moved;
  return {
    ok: true,
    moved: n,
    message: `${r.value.test.message} ${n === 0 ? 'No jobs were waiting for the old address.' : `${n} ${n === 1 ? 'job moves' : 'jobs move'} to ${r.value.test.connection.site} and ${n === 1 ? 'goes' : 'go'} on.`}`,
  };
}

/** Moves one job that is not sending to another saved site. */
export async function moveJobTo(jobId: string, site: string): Promise<string | null> {
  const r = await wasp.moveJob({ jobId, site });
  if (!r.ok) return r.error.message;
  upsertJob(r.value);
  return null;
}
