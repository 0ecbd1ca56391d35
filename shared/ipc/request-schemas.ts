import { z } from 'zod';
import { JobRowInputSchema } from '../domain/job-rows.js';
import { MappingSchema, RowStatusSchema } from '../domain/job.js';

/**
 * The request payloads the IPC channels take, beyond the domain shapes: ids, references and the
 * paged creation of a job. Each field is bounded, since every payload comes from the renderer.
 */

/** For channels that take nothing. */
export const NoPayload = z.undefined();
export const DraftId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const SiteText = z.string().max(2_048);
export const JobRef = z.strictObject({ jobId: JobId });
export const SiteRef = z.strictObject({ site: SiteText });
export const DraftRef = z.strictObject({ draftId: DraftId });
/** A file main itself saved (an exported report). */
export const SavedPath = z.strictObject({ path: z.string().min(1).max(4_096) });

export const MAX_JOB_CHARS = 100 * 1024 * 1024;
/** Rows per addJobRows page: no single clone across the bridge is large. */
export const MAX_JOB_ROWS_PER_PAGE = 20_000;
/** A page's JSON text; a 20,000-row page of an ordinary sheet is 2–4 MB. */
export const MAX_JOB_PAGE_CHARS = 16 * 1024 * 1024;

export const CreateJobRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(260),
    site: SiteText,
    mapping: MappingSchema,
    headers: z.array(z.string().max(1_024)).max(1_000),
    rows: z.array(JobRowInputSchema).min(1).max(1_000_000),
    /** Send now (default) or only queue it. */
    start: z.boolean().optional(),
  })
  .superRefine((job, ctx) => {
    // Each field is bounded; this bounds the whole, in line with the importer's 100 MB / 1,000,000 row limits.
    let chars = 0;
    for (let i = 0; i < job.rows.length; i++) {
      const r = job.rows[i]!;
      if (r.cells.length > Math.max(job.headers.length, 1)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'cells'],
          message: 'a row has more cells than the sheet has columns',
        });
        return;
      }
      for (const c of r.cells) chars += c.length;
      if (chars > MAX_JOB_CHARS) {
        ctx.addIssue({ code: 'custom', path: ['rows'], message: 'the job is larger than the 100 MB a sheet may be' });
        return;
      }
    }
  });
export type CreateJobRequest = z.infer<typeof CreateJobRequestSchema>;

/**
 * Creating a job in parts: beginJob announces it, addJobRows carries its rows in pages of at most
 * 20,000 in order, commitJob makes it a job of the queue (durably) and starts it. Until the commit,
 * nothing is queued; a draft that is abandoned (abandonJob, a closed window, a crash) leaves nothing.
 */
export const BeginJobRequestSchema = z.strictObject({
  name: z.string().min(1).max(260),
  site: SiteText,
  mapping: MappingSchema,
  headers: z.array(z.string().max(1_024)).max(1_000),
  /** Rows the job will have, all pages together. */
  total: z.number().int().min(1).max(1_000_000),
  /** Send on commit (default) or store it paused. */
  start: z.boolean().optional(),
});
export type BeginJobRequest = z.infer<typeof BeginJobRequestSchema>;

export const AddJobRowsRequestSchema = z.strictObject({
  draftId: DraftId,
  /** 0, 1, 2… in order. */
  part: z.number().int().min(0).max(1_000_000),
  /**
   * The page as JSON text of a JobRowInput array (≤ 20,000 rows): one string crosses the bridge as
   * one block rather than a graph of objects cloned property by property on both sides, and main
   * parses and checks every row against JobRowInputSchema in a worker thread, off its event loop.
   */
  rows: z.string().min(2).max(MAX_JOB_PAGE_CHARS),
});
export type AddJobRowsRequest = z.infer<typeof AddJobRowsRequestSchema>;

/** A page of a job's rows for Results: filter by status, search by customer or phone. */
export const JobRowsRequestSchema = z.strictObject({
  jobId: JobId,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(5_000),
  statuses: z.array(RowStatusSchema).max(5).optional(),
  /** Only rows whose customer or phone contains this text. */
  search: z.string().max(256).optional(),
});
