import type { JobCounts } from '../../shared/domain/job.js';

/** The last line of stdout with --json. Its keys are a public contract: never rename them. */
export interface JsonSummary {
  jobId: string | null;
  total: number;
  saved: number;
  failed: number;
  invalid: number;
  skipped: number;
  pending: number;
  batches: number;
}

export function jsonSummary(jobId: string | null, c: JobCounts, batches: number): JsonSummary {
  return {
    jobId,
    total: c.total,
    saved: c.saved,
    failed: c.failed,
    invalid: c.invalid,
    skipped: c.skipped,
    pending: c.pending,
    batches,
  };
}
