import { AppError, type Result } from '../../shared/domain/app-error.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { JobDrafts } from '../intake/job-drafts.js';

type JobDraftHandlers = Pick<InvokeHandlers, 'beginJob' | 'addJobRows' | 'commitJob' | 'abandonJob'>;

function value<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw AppError.fromValue(r.error);
}

/** Paged job creation (see JobDrafts): every page is parsed and checked in the draft worker. */
export function jobDraftHandlers(drafts: JobDrafts): JobDraftHandlers {
  return {
    beginJob: async (request) => value(await drafts.begin(request)),
    addJobRows: async ({ draftId, part, rows }) => value(await drafts.add(draftId, part, rows)),
    commitJob: async ({ draftId }) => value(await drafts.commit(draftId)),
    abandonJob: async ({ draftId }) => value(await drafts.abandon(draftId)),
  };
}
