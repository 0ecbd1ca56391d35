import { z } from 'zod';
import type { Result } from '../domain/app-error.js';
import type { EventName, InvokeName } from './channels.js';

export * from './channels.js';

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

type InvokeSpec = { request: z.ZodType; response: z.ZodType };

export const invokeContract = {
  getAppInfo: { request: NoPayload, response: AppInfoSchema },
} as const satisfies { [N in InvokeName]: InvokeSpec };

export const eventContract = {
  // Main → renderer pushes. Filled by the sending engine and the updater.
  notice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
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
