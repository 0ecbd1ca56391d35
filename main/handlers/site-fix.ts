import { AppError } from '../../shared/domain/app-error.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import type { ConnectionTest } from '../../shared/domain/connection.js';
import type { ConnectionsService } from '../credentials/connections-service.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { JobService } from '../jobs/job-service.js';

export interface SiteFixDeps {
  connections: ConnectionsService;
  jobs: JobService;
  /** The Connect screen's own test (records the verdict and restarts the site's waiting jobs). */
  test(this: void, site: string): Promise<ConnectionTest>;
}

/**
 * "Correct the address" for a site whose jobs cannot reach it (a mistyped name, the wrong server):
 * the user types the right address, the token already saved for the old one is stored for it
 * (the renderer never sees a token, so it cannot re-enter it), the new address is tested, and only
 * when it works do the old site's unfinished jobs move to it and go on.
 */
export function siteFixHandlers({ connections, jobs, test }: SiteFixDeps): Pick<InvokeHandlers, 'fixSiteAddress'> {
  return {
    async fixSiteAddress({ from, to }) {
      const old = parseSiteUrl(from);
      const next = parseSiteUrl(to);
      if (!next.ok) throw AppError.fromValue(next.error);
      if (!old.ok) throw AppError.fromValue(old.error);
      if (old.value === next.value)
        throw new AppError('validation', `That is the same address (${next.value}). Type the corrected one.`);
      const before = await connections.view(old.value);
      if (before === null) throw new AppError('not-found', `${old.value} is not one of your sites.`);
      const token = await connections.tokenFor(old.value);
      await connections.saveToken(next.value, token, { label: before.label });
      const tested = await test(next.value);
      let moved = 0;
      if (tested.result === 'ok') {
        for (const j of jobs.listJobs()) {
          if (j.site !== old.value || j.counts.pending === 0) continue;
          const r = await jobs.moveJob(j.id, next.value);
          if (r.ok) moved++;
        }
        if (before.isDefault) await connections.setDefault(next.value);
      }
      return { test: tested, moved };
    },
  };
}
