import { z } from 'zod';

/** What a connection to a Wasp site is, as far as anyone outside the credential store may know. */

/**
 * `unreachable`: the network works but the address does not lead to Wasp (no such name, not Wasp).
 * `busy`: Wasp answered but asked us to slow down or was overloaded (429, 5xx): the token is not
 * known to be wrong, and a job sent there waits its turn by itself.
 */
export const CONNECTION_RESULTS = [
  'ok',
  'invalid-token',
  'forbidden',
  'network',
  'tls',
  'unreachable',
  'busy',
] as const;
/** All the renderer ever learns about a connection: never the token, only whether there is one. */
export const ConnectionViewSchema = z.object({
  site: z.string(),
  label: z.string(),
  hasToken: z.boolean(),
  lastVerifiedAt: z.string().nullable(),
  lastResult: z.enum(CONNECTION_RESULTS).nullable(),
  lastMessage: z.string().optional(),
  isSandbox: z.boolean(),
  isDefault: z.boolean(),
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ConnectionTestSchema = z.object({
  result: z.enum(CONNECTION_RESULTS),
  message: z.string(),
  connection: ConnectionViewSchema,
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
