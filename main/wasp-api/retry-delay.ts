/** How long to wait before calling Wasp again after a retryable answer. */
export interface BackoffPolicy {
  /** First back-off step; doubles per attempt. */
  baseMs: number;
  /** No back-off step is longer than this. */
  capMs: number;
  /** A server-requested wait longer than this is shortened to it, so a bad header cannot park a job for days. */
  maxServerWaitMs: number;
  /**
   * No wait is shorter than this (default 1 s, never above maxServerWaitMs): a server asking for 0 s,
   * again and again, must not turn the client into a probe storm.
   */
  minWaitMs?: number;
}

export const DEFAULT_MIN_WAIT_MS = 1_000;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 60_000, maxServerWaitMs: 10 * 60_000 };

/**
 * Seconds asked for by the server: Wasp's own `wasp-overloadprotection-reset` first (what clients
 * in the wild honour), then the standard `Retry-After` (seconds or an HTTP date).
 */
export function serverRequestedDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const wasp = headers.get('wasp-overloadprotection-reset');
  const fromWasp = wasp === null ? undefined : secondsToMs(wasp);
  if (fromWasp !== undefined) return fromWasp;
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const seconds = secondsToMs(retryAfter);
  if (seconds !== undefined) return seconds;
  // Only an HTTP date counts as a date: Date.parse reads "-5" as a day in 2001. A date already
  // past says nothing useful, so the back-off decides.
  if (!HTTP_DATE.test(retryAfter.trim())) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) || date <= now ? undefined : date - now;
}

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms RFC 9110 still accepts.
const HTTP_DATE =
  /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

function secondsToMs(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  return Math.round(Number.parseFloat(t) * 1_000);
}

/**
 * Exponential back-off with "equal jitter": half the step is fixed, half random, so simultaneous
 * clients spread out without any of them retrying almost immediately.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

function floorOf(policy: BackoffPolicy): number {
  return Math.min(policy.minWaitMs ?? DEFAULT_MIN_WAIT_MS, policy.maxServerWaitMs);
}

/** A server's number held between the floor and the ceiling. */
function boundedServerWait(serverMs: number, policy: BackoffPolicy): number {
  return Math.min(Math.max(serverMs, floorOf(policy)), policy.maxServerWaitMs);
}

/**
 * The wait before the next attempt: the server's number when it gave a usable one (never below the
 * floor, never above the ceiling), else back-off.
 */
export function retryDelayMs(
  serverMs: number | undefined,
  attempt: number,
  policy: BackoffPolicy,
  random?: () => number,
): number {
  if (serverMs !== undefined && Number.isFinite(serverMs)) return boundedServerWait(serverMs, policy);
  return Math.max(backoffDelayMs(attempt, policy, random), floorOf(policy));
}

/**
 * The wait before the next connectivity probe: the back-off keeps growing however short the server
 * says its outage is, so a server answering "retry in 0 s" forever is probed less and less often.
 */
export function probeDelayMs(
  serverMs: number | undefined,
  attempt: number,
  policy: BackoffPolicy,
  random?: () => number,
): number {
  const backoff = Math.max(backoffDelayMs(attempt, policy, random), floorOf(policy));
  if (serverMs === undefined || !Number.isFinite(serverMs)) return backoff;
  return Math.max(backoff, boundedServerWait(serverMs, policy));
}
