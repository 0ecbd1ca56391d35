import { AppError, type Result } from '../../shared/domain/app-error.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { JobService } from '../jobs/job-service.js';
import type { Dialogs } from '../dialogs.js';
import { ReportWriteError, writeReportFile } from '../report/job-report.js';
import type { JobIntake } from '../intake/job-intake.js';
import type { SavedFiles } from '../files/saved-files.js';

type JobHandlers = Pick<
  InvokeHandlers,
  | 'createJob'
  | 'listJobs'
  | 'getJobRows'
  | 'pauseJob'
  | 'resumeJob'
  | 'cancelJob'
  | 'deleteJob'
  | 'exportReport'
  | 'moveJob'
>;

export interface JobHandlerDeps {
  jobs: JobService;
  intake: JobIntake;
  dialogs: Dialogs;
  /** Reports written here may then be opened or shown in their folder. */
  saved?: SavedFiles;
}

/** Errors are values inside main's services; at the IPC edge they become the dispatcher's AppError. */
function value<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw AppError.fromValue(r.error);
}

export function jobHandlers({ jobs, intake, dialogs, saved }: JobHandlerDeps): JobHandlers {
  return {
    createJob: async (request) => value(await intake.create(request)),
    listJobs: () => jobs.listJobs(),
    getJobRows: async ({ jobId, offset, limit, statuses, search }) =>
      value(
        await jobs.getJobRows(jobId, {
          offset,
          limit,
          ...(statuses === undefined ? {} : { statuses }),
          ...(search === undefined ? {} : { search }),
        }),
      ),
    pauseJob: async ({ jobId }) => value(await jobs.pause(jobId)),
    resumeJob: async ({ jobId }) => value(await jobs.resume(jobId)),
    cancelJob: async ({ jobId }) => value(await jobs.cancel(jobId)),
    moveJob: async ({ jobId, site }) => value(await jobs.moveJob(jobId, site)),
    deleteJob: async ({ jobId }) => {
      value(await jobs.deleteJob(jobId));
      return { deleted: true };
    },
    async exportReport({ jobId, format }) {
      const detail = value(await jobs.getJob(jobId));
      // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names on Windows
      const safeName = detail.summary.name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim() || 'job';
      const path = await dialogs.chooseSavePath({
        title: 'Export report',
        defaultName: `${safeName} - report.${format}`,
        filters:
          format === 'xlsx'
            ? [{ name: 'Excel workbook', extensions: ['xlsx'] }]
            : [{ name: 'CSV (comma separated)', extensions: ['csv'] }],
      });
      if (path === null) return { path: null };
      try {
        await writeReportFile(path, detail, format);
      } catch (e) {
        if (e instanceof ReportWriteError) throw new AppError('validation', e.message);
        throw e;
      }
      saved?.remember(path);
      return { path };
    },
  };
}
