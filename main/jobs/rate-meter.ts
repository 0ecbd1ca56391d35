/**
 * Rows per second over a recent window. A window, not the whole run, so that the ETA follows
 * changes (a rate-limit pause, a slower network) instead of being anchored by the first minutes.
 */
export class RateMeter {
  private samples: { at: number; rows: number }[] = [];

  constructor(private readonly windowMs = 30_000) {}

  /** Call when a run starts, so the first batch's rate is measured from the start of its call. */
  start(at: number): void {
    this.samples = [{ at, rows: 0 }];
  }

  add(at: number, rows: number): void {
    this.samples.push({ at, rows });
    const from = at - this.windowMs;
    // Keep one sample at or before the window start as the baseline.
    while (this.samples.length > 2 && this.samples[1]!.at <= from) this.samples.shift();
  }

  rate(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const span = (last.at - first.at) / 1000;
    if (span <= 0) return 0;
    let rows = 0;
    for (let i = 1; i < this.samples.length; i++) rows += this.samples[i]!.rows;
    return rows / span;
  }

  etaSeconds(pending: number): number | null {
    if (pending === 0) return 0;
    const r = this.rate();
    return r > 0 ? Math.ceil(pending / r) : null;
  }
}
