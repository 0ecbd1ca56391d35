import { z } from 'zod';

/**
 * What the renderer is told about updates: one status object, pushed whenever it changes.
 * A zod schema (not just a type) because it crosses IPC, where every payload is validated.
 * Nothing here imports electron or node:, so the IPC contract in shared/ may re-export or
 * move this file as it is.
 *
 * - idle: nothing to report (no update, or updates are off in this build)
 * - checking: asking the release feed
 * - downloading: a newer version is being fetched in the background (`percent`)
 * - ready: downloaded; the UI offers "Restart to update". `installWhenIdle` means the user
 *   already asked and the restart waits for the current send to finish.
 * - error: the last check or download failed; `message` is one plain sentence. Never blocks work.
 */
export const UPDATE_STATES = ['idle', 'checking', 'downloading', 'ready', 'error'] as const;
export const UpdateStateSchema = z.enum(UPDATE_STATES);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const UpdateStatusSchema = z.object({
  state: UpdateStateSchema,
  /** The version being downloaded or ready to install. */
  version: z.string().max(64).optional(),
  /** Download progress, whole percent. */
  percent: z.number().int().min(0).max(100).optional(),
  installWhenIdle: z.boolean().optional(),
  message: z.string().max(500).optional(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

/**
 * What "Restart to update" did, for the renderer to word its answer: `installing` (the app is
 * quitting now), `deferred` (waits for the send to end), `no-update` (nothing downloaded),
 * `disabled` (this build does not update itself), `failed` (logged; installs on quit instead).
 */
export const INSTALL_OUTCOMES = ['installing', 'deferred', 'no-update', 'disabled', 'failed'] as const;
export const InstallOutcomeSchema = z.enum(INSTALL_OUTCOMES);
export type InstallOutcome = z.infer<typeof InstallOutcomeSchema>;
