/**
 * Keeps calls apart by at least `gapMs`. Sequentially the gap runs from the end of one call to the
 * start of the next (what "300 ms between calls" means); with several calls in flight it spaces
 * the starts instead, since ends no longer mark a quiet moment.
 */
export class Pacer {
  private notBefore = 0;

  constructor(private readonly gapMs: number, private readonly sequential: boolean) {}

  nextAt(): number {
    return this.notBefore;
  }

  started(now: number): void {
    this.notBefore = Math.max(this.notBefore, now + this.gapMs);
  }

  ended(now: number): void {
    if (this.sequential) this.notBefore = Math.max(this.notBefore, now + this.gapMs);
  }
}
