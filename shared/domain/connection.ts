import { z } from 'zod';

/** What a connection to a Wasp site is, as far as anyone outside the credential store may know. */

/** `unreachable`: the network works but the address does not lead to Wasp (no such name, not Wasp). */
export const CONNECTION_RESULTS = ['ok', 'invalid-token', 'forbidden', 'network', 'tls', 'unreachable'] as const;
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
