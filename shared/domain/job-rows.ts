import { z } from 'zod';
import { PhoneRecordSchema, SourceRecordSchema } from './phone-record.js';
import { JobSummarySchema, MappingSchema, RowStatusSchema, WaspRecordResultSchema } from './job.js';

/** A job's rows as they go in (from a sheet) and as they are read back (with their outcome). */

/** A row the renderer hands over to become part of a job; main re-validates every one. */
export const JobRowInputSchema = z.strictObject({
  ...SourceRecordSchema.shape,
  record: PhoneRecordSchema.strict(),
  /** The user excluded this row in Review: kept for the report as `skipped`, never sent. */
  excluded: z.boolean().optional(),
});
export type JobRowInput = z.infer<typeof JobRowInputSchema>;

export const JobRowViewSchema = z.object({
  row: z.number().int(),
  /** The row's original cells, in the order of the job's headers (used to retry with the same source). */
  cells: z.array(z.string()),
  record: PhoneRecordSchema,
  status: RowStatusSchema,
  message: z.string().optional(),
  wasp: WaspRecordResultSchema.optional(),
});
export type JobRowView = z.infer<typeof JobRowViewSchema>;

export const JobRowsPageSchema = z.object({
  job: JobSummarySchema,
  headers: z.array(z.string()),
  mapping: MappingSchema,
  total: z.number().int(),
  rows: z.array(JobRowViewSchema),
});
export type JobRowsPage = z.infer<typeof JobRowsPageSchema>;
