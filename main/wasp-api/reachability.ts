import { lookup } from 'node:dns/promises';
import type { BatchTransport } from '../sending/types.js';
import type { CallOutcome, UnreachableReason } from './call-outcome.js';

/**
 * Tells "the network is gone" (Offline: wait, it comes back by itself) from "this address does not
 * lead to Wasp" (Unreachable: waiting forever helps nobody; the user checks the site on Connect):
 *
 * - the site's host name does not exist (ENOTFOUND) while other names do resolve → not-found;
 *   when no name resolves at all, the machine is offline and the job waits as before;
 * - the TLS handshake fails (a certificate that is expired, self-signed or for another name) → tls;
 * - an HTTP answer that is not Wasp's: a redirect, a 404/405 where the API should be, or a 200 whose
 *   body is not a Wasp result twice in a row → not-wasp.
 */

/** Answers whether name resolution works on this machine right now. */
export type NameResolutionCheck = () => Promise<boolean>;

/**
 * Names that exist as long as the internet does: Wasp's own domains. Resolving any of them means
 * DNS works, so a site name that does not resolve is a wrong name, not a lost network. Cached
 * briefly: a job that fails over and over does not query DNS for every attempt.
 */
export function publicNameResolutionCheck(
  hosts: readonly string[] = ['waspinventorycloud.com', 'waspbarcode.com'],
  cacheMs = 30_000,
): NameResolutionCheck {
  let cached: { at: number; works: boolean } | null = null;
  return async () => {
    if (cached !== null && Date.now() - cached.at < cacheMs) return cached.works;
    const results = await Promise.allSettled(hosts.map((h) => lookup(h)));
    const works = results.some((r) => r.status === 'fulfilled');
    cached = { at: Date.now(), works };
    return works;
  };
}

export function hostOf(site: string): string {
  try {
    return new URL(site).host;
  } catch {
    return site;
  }
}

/** The words for each reason, naming the address; they end by saying where to fix it. */
export function unreachableMessage(reason: UnreachableReason, site: string, detail?: string): string {
  const host = hostOf(site);
  switch (reason) {
    case 'not-found':
      return `The address ${host} could not be found: check it on Connect. Other sites can be reached, so the network is working; the name is probably mistyped.`;
    case 'tls':
      return `The secure connection to ${host} failed: ${detail ?? "the site's certificate could not be verified."} Check the address on Connect, or ask your IT team.`;
    case 'not-wasp':
      return `${host} answered, but not like Wasp InventoryCloud${detail ? ` (${detail})` : ''}: check the address on Connect (for example https://yourcompany.waspinventorycloud.com).`;
  }
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND']);
/** Answers 400 and 422 can be Wasp refusing a body; other 4xx where the API should be mean another server. */
const WASP_4XX = new Set([400, 401, 403, 409, 413, 422, 429]);

/**
 * One call's outcome, re-read with the reachability rules. Only `offline`, `retryable unparseable`
 * and `fatal` outcomes can change; everything else passes through untouched.
 */
export async function classifyReachability(
  outcome: CallOutcome,
  site: string,
  resolves: NameResolutionCheck,
  unparseableInARow = 1,
): Promise<CallOutcome> {
  switch (outcome.kind) {
    case 'offline':
      if (outcome.tls)
        return {
          kind: 'unreachable',
          reason: 'tls',
          message: unreachableMessage(
            'tls',
            site,
            outcome.message.replace(/^The site's /, 'its ').replace(/ Check the address, or ask your IT team\.$/, ''),
          ),
        };
      if (NOT_FOUND_CODES.has(outcome.code) && (await resolves().catch(() => false)))
        return { kind: 'unreachable', reason: 'not-found', message: unreachableMessage('not-found', site) };
      return outcome;
    case 'retryable':
      // One page of HTML can be a hiccup of a proxy; the same answer again is the server itself.
      if (outcome.reason === 'unparseable' && unparseableInARow >= 2)
        return {
          kind: 'unreachable',
          reason: 'not-wasp',
          message: unreachableMessage('not-wasp', site, 'its answer is not a Wasp result'),
        };
      return outcome;
    case 'fatal':
      if (outcome.status !== undefined && outcome.status >= 300 && outcome.status < 400)
        return { kind: 'unreachable', reason: 'not-wasp', message: outcome.message };
      if (
        outcome.status !== undefined &&
        outcome.status >= 400 &&
        outcome.status < 500 &&
        !WASP_4XX.has(outcome.status)
      ) {
        return {
          kind: 'unreachable',
          reason: 'not-wasp',
          message: unreachableMessage('not-wasp', site, `HTTP ${outcome.status} where Wasp's API should be`),
        };
      }
      return outcome;
    default:
      return outcome;
  }
}

/** A job's transport with the reachability rules applied to every call and probe. */
export function reachabilityTransport(
  site: string,
  inner: BatchTransport,
  resolves: NameResolutionCheck,
): BatchTransport {
  let unparseable = 0;
  const check = async (outcome: Promise<CallOutcome>): Promise<CallOutcome> => {
    const o = await outcome;
    unparseable =
      o.kind === 'retryable' && o.reason === 'unparseable' ? unparseable + 1 : o.kind === 'cancelled' ? unparseable : 0;
    return classifyReachability(o, site, resolves, unparseable);
  };
  return {
    save: (records, signal) => check(inner.save(records, signal)),
    probe: (signal) => check(inner.probe(signal)),
  };
}
