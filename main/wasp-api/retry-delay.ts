/** How long to wait before calling Wasp again after a retryable answer. */
export interface BackoffPolicy {
  /** First back-off step; doubles per attempt. */
  baseMs: number;
  /** No back-off step is longer than this. */
  capMs: number;
  /** A server-requested wait longer than this is shortened to it, so a bad header cannot park a job for days. */
  maxServerWaitMs: number;
}

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
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

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

/** The wait before the next attempt: the server's number when it gave one (capped), else back-off. */
export function retryDelayMs(serverMs: number | undefined, attempt: number, policy: BackoffPolicy, random?: () => number): number {
  if (serverMs !== undefined) return Math.min(serverMs, policy.maxServerWaitMs);
  return backoffDelayMs(attempt, policy, random);
}
