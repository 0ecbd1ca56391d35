import { z } from 'zod';
import type { Result } from '../domain/app-error.js';
import type { EventName, InvokeName } from './channels.js';
import { UpdateStatusSchema, InstallOutcomeSchema } from '../domain/update-status.js';
import { ConnectionTestSchema, ConnectionViewSchema } from '../domain/connection.js';
import { JobRowsPageSchema } from '../domain/job-rows.js';
import { JobProgressSchema, JobSummarySchema } from '../domain/job.js';
import { AppInfoSchema } from '../domain/app-info.js';
import {
  ImportSettingsSchema,
  MappingTemplateSchema,
  SavedMappingSchema,
  SendSettingsSchema,
} from '../domain/settings.js';
import {
  AddJobRowsRequestSchema,
  BeginJobRequestSchema,
  CreateJobRequestSchema,
  DraftRef,
  JobId,
  JobRef,
  JobRowsRequestSchema,
  NoPayload,
  SavedPath,
  SiteRef,
  SiteText,
} from './request-schemas.js';

export * from './channels.js';
// The shapes the channels carry live beside the domain (shared/domain) or in request-schemas.ts, so
// core code never imports the transport; re-exported here for the renderer's one import.
export * from '../domain/connection.js';
export * from '../domain/job-rows.js';
export * from '../domain/app-info.js';
export * from '../domain/settings.js';
export * from './request-schemas.js';
export { UpdateStatusSchema, type UpdateStatus } from '../domain/update-status.js';

/**
 * The one IPC contract. Every request/response channel and every main→renderer event is listed
 * here with its runtime schema; main registers handlers from it (and validates every payload with
 * these schemas), preload exposes exactly these names, the renderer calls them fully typed.
 * Responses are parsed through their schema in main before they leave, so a field that is not in
 * the contract (a token, say) can never ride along by accident: zod objects drop unknown keys.
 */

type InvokeSpec = { request: z.ZodType; response: z.ZodType };

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
