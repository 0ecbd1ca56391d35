/**
 * How many calls may be in flight: additive increase, multiplicative decrease, with a memory of
 * where the server pushed back.
 *
 * It starts at one call. It grows by one only after a run of answers that were unthrottled and
 * fast (no slower than twice the quickest answer of the run, and never slower than `slowMs`): a
 * server that starts queueing our calls answers slower before it answers 429, and adding calls
 * then would only lengthen its queue. Any throttling answer (429, 503, a reset header) halves it,
 * and the level that was throttled becomes a ceiling for `ceilingMs`, so the limit settles just
 * under the server's rate instead of bouncing into it again every few calls.
 */
export interface AdaptiveLimitOptions {
  /** The most calls ever in flight. */
  max: number;
  initial?: number;
  /** An answer slower than this never counts towards growing. */
  slowMs?: number;
  /** How long a throttled level stays out of reach. */
  ceilingMs?: number;
  now?: () => number;
}

export class AdaptiveLimit {
  private value: number;
  private streak = 0;
  private quickest = Infinity;
  private ceiling = Infinity;
  private ceilingUntil = 0;
  private readonly max: number;
  private readonly slowMs: number;
  private readonly ceilingMs: number;
  private readonly now: () => number;

  constructor(maxOrOptions: number | AdaptiveLimitOptions, initial = 1) {
    const o: AdaptiveLimitOptions = typeof maxOrOptions === 'number' ? { max: maxOrOptions, initial } : maxOrOptions;
    this.max = Math.max(1, Math.floor(o.max));
    this.value = Math.max(1, Math.min(this.max, Math.floor(o.initial ?? 1)));
    this.slowMs = o.slowMs ?? 10_000;
    this.ceilingMs = o.ceilingMs ?? 60_000;
    this.now = o.now ?? Date.now;
  }

  get current(): number {
    return this.value;
  }

  /** An answered call; `latencyMs` omitted counts as fast (the unit tests of the rule itself). */
  success(latencyMs?: number): void {
    if (latencyMs !== undefined) {
      this.quickest = Math.min(this.quickest, latencyMs);
      if (latencyMs > this.slowMs || latencyMs > 2 * this.quickest + 50) {
        this.streak = 0;
        return;
      }
    }
    if (this.value >= this.top()) return;
    this.streak++;
    if (this.streak >= this.value * 2) {
      this.value++;
      this.streak = 0;
    }
  }

  /** 429, 503 or a reset header: halve, and keep away from the level that was too much for a while. */
  throttled(): void {
    this.ceiling = Math.max(1, this.value - 1);
    this.ceilingUntil = this.now() + this.ceilingMs;
    this.value = Math.max(1, Math.floor(this.value / 2));
    this.streak = 0;
  }

  /** Back to one call (after an outage: start polite again). */
  restart(): void {
    this.value = 1;
    this.streak = 0;
  }

  private top(): number {
    return this.now() < this.ceilingUntil ? Math.min(this.max, this.ceiling) : this.max;
  }
}
