import { z } from 'zod';
import type { Result } from '../domain/app-error.js';
import type { EventName, InvokeName } from './channels.js';
import { UpdateStatusSchema, InstallOutcomeSchema } from '../domain/update-status.js';
import { ConnectionTestSchema, ConnectionViewSchema } from '../domain/connection.js';
import { JobRowInputSchema, JobRowsPageSchema } from '../domain/job-rows.js';
import { JobProgressSchema, JobSummarySchema, MappingSchema, RowStatusSchema } from '../domain/job.js';

export * from './channels.js';
// Domain types the channels carry; they live in shared/domain so core code never imports the transport.
export * from '../domain/connection.js';
export * from '../domain/job-rows.js';

/**
 * The one IPC contract. Every request/response channel and every main→renderer event is listed
 * here with its runtime schema; main registers handlers from it (and validates every payload with
 * these schemas), preload exposes exactly these names, the renderer calls them fully typed.
 * Responses are parsed through their schema in main before they leave, so a field that is not in
 * the contract (a token, say) can never ride along by accident: zod objects drop unknown keys.
 */

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const NoPayload = z.undefined();
export const MAX_JOB_CHARS = 100 * 1024 * 1024;
/** Rows per addJobRows page: no single clone across the bridge is large. */
export const MAX_JOB_ROWS_PER_PAGE = 20_000;
/** A page's JSON text; a 20,000-row page of an ordinary sheet is 2–4 MB. */
export const MAX_JOB_PAGE_CHARS = 16 * 1024 * 1024;
const DraftId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const SiteText = z.string().max(2_048);

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
const DraftRef = z.strictObject({ draftId: DraftId });

export const JobRowsRequestSchema = z.strictObject({
  jobId: JobId,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(5_000),
  statuses: z.array(RowStatusSchema).max(5).optional(),
  /** Only rows whose customer or phone contains this text. */
  search: z.string().max(256).optional(),
});

export const ImportSettingsSchema = z.object({
  knownPhoneTypes: z.array(z.string().max(256)).max(1_000),
});
export type ImportSettings = z.infer<typeof ImportSettingsSchema>;

/** How phones are converted, saved with a mapping (it belongs to that sheet layout, not to the next file). */
const PhoneOptionsShape = {
  phoneFormat: z.enum(['as-displayed', 'e164', 'national']).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
};

export const MappingTemplateSchema = z.strictObject({
  headers: z.array(z.string().max(1_024)).max(1_000),
  mapping: MappingSchema,
  ...PhoneOptionsShape,
});

/** How the app sends: at most this many calls in flight (1–4; it starts with one and adds more only while Wasp answers fast). */
export const SendSettingsSchema = z.strictObject({ maxParallel: z.number().int().min(1).max(4) });
export type SendSettingsView = z.infer<typeof SendSettingsSchema>;
export const SavedMappingSchema = z.object({ mapping: MappingSchema, ...PhoneOptionsShape });
export type SavedMappingView = z.infer<typeof SavedMappingSchema>;

export { UpdateStatusSchema, type UpdateStatus } from '../domain/update-status.js';

type InvokeSpec = { request: z.ZodType; response: z.ZodType };
const JobRef = z.strictObject({ jobId: JobId });
const SiteRef = z.strictObject({ site: SiteText });
const SavedPath = z.strictObject({ path: z.string().min(1).max(4_096) });

export const invokeContract = {
  getAppInfo: { request: NoPayload, response: AppInfoSchema },

  listConnections: { request: NoPayload, response: z.array(ConnectionViewSchema) },
  saveConnection: {
    request: z.strictObject({
      site: SiteText,
      token: z.string().max(8_192).optional(),
      label: z.string().max(120).optional(),
    }),
    response: ConnectionViewSchema,
  },
  testConnection: { request: SiteRef, response: ConnectionTestSchema },
  removeToken: { request: SiteRef, response: ConnectionViewSchema },
  removeConnection: { request: SiteRef, response: z.array(ConnectionViewSchema) },
  setDefaultConnection: { request: SiteRef, response: z.array(ConnectionViewSchema) },

  getImportSettings: { request: NoPayload, response: ImportSettingsSchema },
  setKnownPhoneTypes: {
    request: z.strictObject({ types: z.array(z.string().max(256)).max(1_000) }),
    response: ImportSettingsSchema,
  },
  findMappingTemplate: {
    request: z.strictObject({ headers: z.array(z.string().max(1_024)).max(1_000) }),
    response: SavedMappingSchema.nullable(),
  },
  saveMappingTemplate: { request: MappingTemplateSchema, response: z.object({ saved: z.boolean() }) },
  exportMappingTemplate: { request: MappingTemplateSchema, response: z.object({ path: z.string().nullable() }) },

  getSendSettings: { request: NoPayload, response: SendSettingsSchema },
  setSendSettings: { request: SendSettingsSchema, response: SendSettingsSchema },

  createJob: { request: CreateJobRequestSchema, response: JobSummarySchema },
  beginJob: { request: BeginJobRequestSchema, response: z.object({ draftId: z.string() }) },
  addJobRows: { request: AddJobRowsRequestSchema, response: z.object({ received: z.number().int() }) },
  commitJob: { request: DraftRef, response: JobSummarySchema },
  abandonJob: { request: DraftRef, response: z.object({ abandoned: z.boolean() }) },
  listJobs: { request: NoPayload, response: z.array(JobSummarySchema) },
  getJobRows: { request: JobRowsRequestSchema, response: JobRowsPageSchema },
  pauseJob: { request: JobRef, response: JobSummarySchema },
  resumeJob: { request: JobRef, response: JobSummarySchema },
  cancelJob: { request: JobRef, response: JobSummarySchema },
  deleteJob: { request: JobRef, response: z.object({ deleted: z.boolean() }) },
  exportReport: {
    request: z.strictObject({ jobId: JobId, format: z.enum(['xlsx', 'csv']) }),
    response: z.object({ path: z.string().nullable() }),
  },
  /** Points a job that is not sending at another saved site; answered rows stay with the old one. */
  moveJob: { request: z.strictObject({ jobId: JobId, site: SiteText }), response: JobSummarySchema },
  /**
   * Corrects a site's address: the token saved for `from` is stored for `to` (it never leaves main),
   * `to` is tested, and when it works the unfinished jobs of `from` move to it.
   */
  fixSiteAddress: {
    request: z.strictObject({ from: SiteText, to: SiteText }),
    response: z.object({ test: ConnectionTestSchema, moved: z.number().int() }),
  },
  /** Only for a path main itself just saved (an exported report); anything else is refused. */
  showInFolder: { request: SavedPath, response: z.object({ shown: z.literal(true) }) },
  openSavedFile: { request: SavedPath, response: z.object({ opened: z.literal(true) }) },
  /** Saves an empty .xlsx with the four headers where the user chooses. */
  saveImportTemplate: { request: NoPayload, response: z.object({ path: z.string().nullable() }) },

  getUpdateStatus: { request: NoPayload, response: UpdateStatusSchema },
  installUpdate: {
    request: NoPayload,
    response: z.object({ outcome: InstallOutcomeSchema, status: UpdateStatusSchema }),
  },
} as const satisfies { [N in InvokeName]: InvokeSpec };

export const eventContract = {
  notice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  jobProgress: JobProgressSchema,
  jobsChanged: z.array(JobSummarySchema),
  /** A job stopped on a rejected token: the renderer opens Connect for this site. */
  connectionNeeded: z.object({
    site: z.string(),
    jobId: z.string(),
    reason: z.enum(['auth', 'forbidden']),
    message: z.string(),
  }),
  updateStatus: UpdateStatusSchema,
} as const satisfies { [E in EventName]: z.ZodType };

export type InvokeRequest<N extends InvokeName> = z.input<(typeof invokeContract)[N]['request']>;
export type InvokeRequestParsed<N extends InvokeName> = z.output<(typeof invokeContract)[N]['request']>;
export type InvokeResponse<N extends InvokeName> = z.output<(typeof invokeContract)[N]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]>;

type InvokeFn<N extends InvokeName> = [InvokeRequest<N>] extends [undefined]
  ? () => Promise<Result<InvokeResponse<N>>>
  : (request: InvokeRequest<N>) => Promise<Result<InvokeResponse<N>>>;

/** What preload puts on `window.wasp`: one function per channel, one subscriber per event. */
export type WaspBridge = { readonly [N in InvokeName]: InvokeFn<N> } & {
  readonly [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
