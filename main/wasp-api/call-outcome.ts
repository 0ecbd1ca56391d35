import {
  envelopeMessage,
  envelopeReportsErrors,
  parseEnvelopeText,
  type TextCleaner,
  type WaspEnvelope,
} from './envelope.js';
import { serverRequestedDelayMs } from './retry-delay.js';

/** Why a call may be tried again. */
export type RetryReason =
  'rate-limited' | 'server-busy' | 'connection-reset' | 'timeout' | 'unparseable' | 'token-changed';

/**
 * What one call to the save endpoint came to. The sender decides what to do from `kind` alone:
 * done → all saved; record-failures → attribute per row; retryable → wait and try again;
 * auth / forbidden / fatal → stop the job and explain; offline → wait for the network;
 * unreachable → stop the job until the user fixes the site's address;
 * cancelled → the caller aborted, nothing is known about the batch.
 */
export type CallOutcome =
  | { kind: 'done'; status: number; envelope: WaspEnvelope }
  | { kind: 'record-failures'; status: number; envelope: WaspEnvelope }
  | { kind: 'retryable'; reason: RetryReason; status?: number; retryAfterMs?: number; message: string }
  | { kind: 'auth'; status: 401; message: string }
  | { kind: 'forbidden'; status: 403; message: string }
  | { kind: 'fatal'; status?: number; message: string }
  | { kind: 'offline'; code: string; tls: boolean; message: string }
  | { kind: 'unreachable'; reason: UnreachableReason; message: string }
  | { kind: 'cancelled' };

/**
 * Why a site cannot be reached although the network works (see reachability.ts): its host name
 * does not exist, its certificate fails, or what answers there is not Wasp. Waiting cannot fix
 * these; the user checks the address.
 */
export type UnreachableReason = 'not-found' | 'tls' | 'not-wasp';

export const AUTH_MESSAGE =
  'Wasp rejected the API token (it is invalid, expired or was replaced by a newer one). Connect again with a new token to continue.';
export const FORBIDDEN_MESSAGE =
  'The token\'s Wasp user lacks the "Update Customer" permission. Give that user the permission in Wasp (Manage > Users), or use a token from a user who has it.';

const RETRYABLE_STATUS: Record<number, RetryReason> = {
  429: 'rate-limited',
  502: 'server-busy',
  503: 'server-busy',
  504: 'server-busy',
};

/**
 * Classifies an HTTP answer that arrived completely. Redirects are classified before this point.
 * `clean` is applied to every string taken from the answer (the client cuts the token out with it).
 */
export function classifyResponse(status: number, headers: Headers, text: string, clean?: TextCleaner): CallOutcome {
  const envelope = parseEnvelopeText(text, clean);
  if (status === 401) return { kind: 'auth', status, message: AUTH_MESSAGE };
  if (status === 403) {
    const why = envelope === null ? undefined : envelopeMessage(envelope);
    return {
      kind: 'forbidden',
      status,
      message: why === undefined ? FORBIDDEN_MESSAGE : `${FORBIDDEN_MESSAGE} Wasp said: ${why}`,
    };
  }
  const reason = RETRYABLE_STATUS[status];
  if (reason !== undefined) {
    const retryAfterMs = serverRequestedDelayMs(headers);
    const message = status === 429 ? 'Wasp asked us to slow down.' : `Wasp is busy or unavailable (HTTP ${status}).`;
    return retryAfterMs === undefined
      ? { kind: 'retryable', reason, status, message }
      : { kind: 'retryable', reason, status, retryAfterMs, message };
  }
  if (status >= 500) {
    // Not in Wasp's list of overload answers, but a 5xx says nothing about our request being wrong:
    // trying again (bounded, then waiting as offline) is safer than abandoning the rows.
    return {
      kind: 'retryable',
      reason: 'server-busy',
      status,
      message: `Wasp had an internal error (HTTP ${status}).`,
    };
  }
  if (status >= 400) {
    const why = envelope === null ? undefined : envelopeMessage(envelope);
    return {
      kind: 'fatal',
      status,
      message: `Wasp refused the request (HTTP ${status})${why === undefined ? '.' : `: ${why}`}`,
    };
  }
  if (status < 200 || status >= 300)
    return { kind: 'fatal', status, message: `Wasp answered with an unexpected HTTP status ${status}.` };
  if (envelope === null) {
    // A proxy or captive-portal page can answer 200 with HTML; it is not Wasp saying "saved".
    return {
      kind: 'retryable',
      reason: 'unparseable',
      status,
      message: 'The answer from the site could not be read as a Wasp result.',
    };
  }
  return envelopeReportsErrors(envelope)
    ? { kind: 'record-failures', status, envelope }
    : { kind: 'done', status, envelope };
}
