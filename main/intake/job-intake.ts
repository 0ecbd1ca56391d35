import type { Result } from '../../shared/domain/app-error.js';
import type { JobSummary } from '../../shared/domain/job.js';
import type { CreateJobRequest } from '../../shared/ipc/request-schemas.js';
import type { JobRowInput } from '../../shared/domain/job-rows.js';
import type { JobService } from '../jobs/job-service.js';

import type { RowVerdict } from '../../shared/records/judge-rows.js';

/** Runs the shared record rules over rows as main received them (never trusting the renderer's verdict). */
export type RowJudge = (rows: readonly JobRowInput[], knownPhoneTypes: readonly string[]) => RowVerdict[];

export interface JobIntake {
  /** `start: 'later'` stores the job queued without sending it from this process (CLI --queue-only). */
  /**
   * `verdicts`: the shared rules' verdicts for exactly these rows, already computed in this process
   * with the same known phone types (the CLI's plan); rows from a window are always judged here.
   */
  create(
    request: Omit<CreateJobRequest, 'start'> & { start?: boolean | 'later'; verdicts?: readonly RowVerdict[] },
  ): Promise<Result<JobSummary>>;
}

/**
 * The door into the job queue for rows coming from a renderer or the CLI: every row is judged
 * again by the shared rules (invalid rows are kept for the report but never sent, duplicates and
 * rows the user excluded are kept as skipped), then the job is written to disk before it starts.
 */
export function createJobIntake(
  jobs: JobService,
  judge: RowJudge,
  knownPhoneTypes: () => Promise<string[]>,
): JobIntake {
  return {
    async create(request) {
      // The shared rules also decide excluded rows (skipped), so one rule says what is sent.
      const verdicts =
        request.verdicts !== undefined && request.verdicts.length === request.rows.length
          ? request.verdicts
          : judge(request.rows, await knownPhoneTypes());
      return jobs.createJob({
        name: request.name,
        site: request.site,
        mapping: request.mapping,
        headers: request.headers,
        rows: request.rows,
        verdicts,
        ...(request.start !== undefined ? { start: request.start } : {}),
      });
    },
  };
}
