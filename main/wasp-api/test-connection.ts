import { err, ok, type Result } from '../../shared/domain/app-error.js';
import type { CONNECTION_RESULTS } from '../../shared/domain/connection.js';
import { AUTH_MESSAGE } from './call-outcome.js';
import { createWaspClient } from './client.js';
import { classifyReachability, type NameResolutionCheck } from './reachability.js';

export interface ConnectionOk {
  /** The origin that was checked, as it will be stored. */
  site: string;
  /** Plain words for the Connect screen. */
  message: string;
}

export interface TestConnectionOptions {
  version: string;
  os?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Checks that DNS works, to tell a mistyped address from a lost network (reachability.ts). */
  nameResolutionWorks?: NameResolutionCheck;
}

/**
 * Tells a usable token from an unusable one with the least intrusive call there is: the save
 * endpoint with an EMPTY array. Wasp has no documented "who am I" endpoint, and the token's rights
 * are per user, so calling the very endpoint the job will use is the only check that also covers
 * the "Update Customer" permission. An empty array writes nothing. Reading the answer:
 *   401 → the token is invalid or expired; 403 → the user lacks "Update Customer";
 *   any other HTTP answer (200 with an empty result, or a 400 about the empty body) → the token was
 *   accepted, because authentication and authorisation run before the body is looked at;
 *   no HTTP answer → network, DNS or certificate problem, explained as such.
 * A 429/5xx proves nothing about the token, so it is reported as "try again later".
 */
export async function testConnection(
  site: string,
  token: string,
  options: TestConnectionOptions,
): Promise<Result<ConnectionOk>> {
  if (token.trim() === '')
    return err('validation', 'Paste the API token from Wasp (Manage > Users > your user > API Access Token).');
  const client = createWaspClient({
    site,
    token,
    version: options.version,
    os: options.os,
    timeoutMs: options.timeoutMs ?? 20_000,
    fetch: options.fetch,
  });
  if (!client.ok) return client;
  let outcome = await client.value.probe(options.signal);
  // A pooled keep-alive connection that the server already closed fails once; the probe writes
  // nothing, so asking again is free and spares the user a misleading "interrupted".
  if (outcome.kind === 'retryable' && outcome.reason === 'connection-reset')
    outcome = await client.value.probe(options.signal);
  // A name that does not exist while other names resolve is a wrong address, not a lost network.
  if (options.nameResolutionWorks !== undefined && outcome.kind === 'offline' && !outcome.tls)
    outcome = await classifyReachability(outcome, client.value.site, options.nameResolutionWorks);
  switch (outcome.kind) {
    case 'done':
    case 'record-failures':
      return ok({ site: client.value.site, message: 'Connected. Wasp accepted the token.' });
    case 'fatal':
      // Wasp may refuse the empty array itself (400/422) after the token passed; any other 4xx (404,
      // 405…) means the address is not a Wasp API at all, so the token proves nothing there.
      if (outcome.status === 400 || outcome.status === 422) {
        return ok({ site: client.value.site, message: 'Connected. Wasp accepted the token.' });
      }
      if (outcome.status !== undefined && outcome.status >= 400 && outcome.status < 500) {
        return err(
          'server',
          `That address answered HTTP ${outcome.status} where Wasp's API should be: it does not look like a Wasp InventoryCloud site. Check the address (for example https://yourcompany.waspinventorycloud.com).`,
          'not-wasp',
        );
      }
      return err('server', outcome.message);
    case 'auth':
      return err(
        'auth',
        outcome.message === AUTH_MESSAGE
          ? 'Wasp rejected this token: it is invalid, expired, or a newer token was generated for the user. Generate a new one in Wasp (Manage > Users > your user > API Access Token) and paste it here.'
          : outcome.message,
      );
    case 'forbidden':
      return err('forbidden', outcome.message);
    case 'offline':
      return err('network', outcome.message, outcome.tls ? 'certificate' : outcome.code);
    case 'unreachable':
      return err(
        outcome.reason === 'not-wasp' ? 'server' : 'network',
        outcome.message,
        outcome.reason === 'tls' ? 'certificate' : outcome.reason,
      );
    case 'retryable':
      if (outcome.reason === 'unparseable') {
        return err(
          'server',
          'The site answered, but not like Wasp InventoryCloud does. Check that the address is your Wasp site (for example https://yourcompany.waspinventorycloud.com).',
          'not-wasp',
        );
      }
      if (outcome.reason === 'timeout' || outcome.reason === 'connection-reset')
        return err('network', `${outcome.message} Try again in a moment.`);
      return err('server', `${outcome.message} Try again in a moment.`, 'busy');
    case 'cancelled':
      return err('network', 'The connection test was cancelled.');
  }
}

/** The IPC contract's one-word verdict (CONNECTION_RESULTS) for a testConnection answer. */
export type ConnectionVerdict = (typeof CONNECTION_RESULTS)[number];

export function connectionVerdict(r: Result<ConnectionOk>): ConnectionVerdict {
  if (r.ok) return 'ok';
  switch (r.error.kind) {
    case 'auth':
      return 'invalid-token';
    case 'forbidden':
      return 'forbidden';
    default:
      return r.error.detail === 'certificate'
        ? 'tls'
        : r.error.detail === 'not-found' || r.error.detail === 'not-wasp'
          ? 'unreachable'
          : r.error.detail === 'busy'
            ? 'busy'
            : 'network';
  }
}
