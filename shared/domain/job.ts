import { z } from 'zod';
import { PHONE_FIELDS } from './phone-record.js';

/**
 * Where each source row ends up. `invalid` rows failed validation and were never sent, `skipped`
 * rows are exact duplicates of an earlier row (only the first is sent), `pending` rows are queued.
 */
export const ROW_STATUSES = ['pending', 'saved', 'failed', 'invalid', 'skipped'] as const;
export const RowStatusSchema = z.enum(ROW_STATUSES);
export type RowStatus = z.infer<typeof RowStatusSchema>;

/** Wasp's per-record answer (WtResult) as far as it was given; every field may be missing. */
export const WaspRecordResultSchema = z.object({
  message: z.string().max(4_096).optional(),
  httpStatusCode: z.number().int().optional(),
  resultCode: z.number().int().optional(),
  fieldName: z.string().max(1_024).optional(),
});
export type WaspRecordResult = z.infer<typeof WaspRecordResultSchema>;

export const RowOutcomeSchema = z.object({
  row: z.number().int(),
  status: RowStatusSchema,
  /** Human message: Wasp's text for failures, the validation problem for invalid rows. */
  message: z.string().max(4_096).optional(),
  wasp: WaspRecordResultSchema.optional(),
});
export type RowOutcome = z.infer<typeof RowOutcomeSchema>;

export const JobCountsSchema = z.object({
  total: z.number().int(),
  saved: z.number().int(),
  failed: z.number().int(),
  invalid: z.number().int(),
  skipped: z.number().int(),
  pending: z.number().int(),
});
export type JobCounts = z.infer<typeof JobCountsSchema>;

/**
 * What a job is doing, in a form the UI can put into words. `waiting` carries the seconds Wasp
 * asked us to wait (rate limit / overload), `offline` means the network or server is unreachable
 * and the job will continue by itself, `auth` / `forbidden` need the user to act on the Connect screen,
 * `unreachable` means the network works but the site's address does not lead to Wasp (a name that
 * does not exist, a certificate that fails, a server that is not Wasp): the user fixes the site.
 * `damaged`: the job's files cannot be read; it is listed (never dropped) with what to do.
 */
export const JOB_STATES = [
  'queued',
  'sending',
  'waiting',
  'offline',
  'paused',
  'auth',
  'forbidden',
  'unreachable',
  'stopped',
  'done',
  'damaged',
] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  site: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: JobStateSchema,
  counts: JobCountsSchema,
  batchesTotal: z.number().int(),
  batchesDone: z.number().int(),
  /** Plain-words reason for the current state when it needs one (e.g. Wasp's 403 text). */
  stateMessage: z.string().optional(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  state: JobStateSchema,
  counts: JobCountsSchema,
  /** Batches answered so far (the one being sent is batch + 1). */
  batch: z.number().int(),
  batches: z.number().int(),
  /** Rows per second over the recent window, 0 when unknown. */
  rate: z.number(),
  /** Seconds to finish at the current rate, null when unknown. */
  etaSeconds: z.number().nullable(),
  /** For `waiting`: seconds until the next attempt; for `offline`: seconds until the next probe. */
  waitSeconds: z.number().optional(),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** The mapping a job was made with: per field a column header or a constant. */
export const FieldSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), column: z.string().max(256) }),
  z.object({ kind: z.literal('constant'), value: z.string().max(256) }),
  z.object({ kind: z.literal('none') }),
]);
export type FieldSource = z.infer<typeof FieldSourceSchema>;
export const MappingSchema = z.object(
  Object.fromEntries(PHONE_FIELDS.map((f) => [f, FieldSourceSchema])) as Record<
    (typeof PHONE_FIELDS)[number],
    typeof FieldSourceSchema
  >,
);
export type Mapping = z.infer<typeof MappingSchema>;

export function countsAddUp(c: JobCounts): boolean {
  return c.total === c.saved + c.failed + c.invalid + c.skipped + c.pending;
}
