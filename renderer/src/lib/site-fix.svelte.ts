import type { JobSummary } from '../../../shared/domain/job.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';
import { connections, type Connections } from './connections.svelte.js';
import { jobs, type Jobs } from './jobs.svelte.js';
import { navigation, type Navigation } from './navigation.svelte.js';

export type FixOutcome = { ok: true; moved: number; message: string } | { ok: false; message: string };

/**
 * Jobs and their sites: a site whose jobs cannot reach it (a mistyped address, a certificate that
 * fails, a server that is not Wasp) is opened on Connect to be corrected, from Send or Jobs, and
 * cleared once fixed; a job not sending can move to another site; and what the test before sending
 * found is kept per job for the Send screen.
 */
export class SiteFix {
  /** The site being corrected on Connect, and why. */
  current = $state<{ site: string; message: string } | null>(null);
  /** What the test before sending found, per job it let through: the Send screen shows it. */
  sendNotes = $state<Record<string, string>>({});

  constructor(
    private readonly bridge: Pick<WaspBridge, 'fixSiteAddress' | 'moveJob'>,
    private readonly stores: { connections: Connections; jobs: Jobs; navigation: Navigation },
  ) {}

  /** Opens Connect on the site of a job that cannot reach it. */
  fixSiteOf(job: Pick<JobSummary, 'site' | 'stateMessage'>, message?: string): void {
    this.current = { site: job.site, message: message ?? job.stateMessage ?? 'The job cannot reach this address.' };
    this.stores.navigation.goTo('connect');
  }

  /** Stores the saved token for the corrected address, tests it, and moves the old address's jobs when it works. */
  async correctSiteAddress(from: string, to: string): Promise<FixOutcome> {
    const r = await this.bridge.fixSiteAddress({ from, to });
    if (!r.ok) return { ok: false, message: r.error.message };
    this.stores.connections.replace(r.value.test.connection);
    await Promise.all([this.stores.connections.load(), this.stores.jobs.load()]);
    if (r.value.test.result !== 'ok') return { ok: false, message: r.value.test.message };
    this.current = null;
    const n = r.value.moved;
    return {
      ok: true,
      moved: n,
      message: `${r.value.test.message} ${n === 0 ? 'No jobs were waiting for the old address.' : `${n} ${n === 1 ? 'job moves' : 'jobs move'} to ${r.value.test.connection.site} and ${n === 1 ? 'goes' : 'go'} on.`}`,
    };
  }

  /** Moves one job that is not sending to another saved site. Null when moved, else why not. */
  async moveJobTo(jobId: string, site: string): Promise<string | null> {
    const r = await this.bridge.moveJob({ jobId, site });
    if (!r.ok) return r.error.message;
    this.stores.jobs.upsert(r.value);
    return null;
  }
}
export const siteFix = new SiteFix(wasp, { connections, jobs, navigation });
