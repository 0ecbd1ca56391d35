/**
 * How many calls may be in flight: additive increase, multiplicative decrease. Halving on 429 gets
 * off an overloaded server fast; growing by one only after a run of successes keeps us from
 * rushing back into the limit we just hit.
 */
export class AdaptiveLimit {
  private value: number;
  private streak = 0;

  constructor(private readonly max: number, initial = 1) {
    this.value = Math.max(1, Math.min(max, initial));
  }

  get current(): number {
    return this.value;
  }

  success(): void {
    if (this.value >= this.max) return;
    this.streak++;
    if (this.streak >= this.value * 2) {
      this.value++;
      this.streak = 0;
    }
  }

  throttled(): void {
    this.value = Math.max(1, Math.floor(this.value / 2));
    this.streak = 0;
  }
}
