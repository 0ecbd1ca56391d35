/**
 * Keeps calls apart by at least `gapMs`. Sequentially the gap runs from the end of one call to the
 * start of the next (what "300 ms between calls" means); with several calls in flight it spaces
 * the starts instead, since ends no longer mark a quiet moment. Whether the run is sequential can
 * change as the adaptive limit moves, so it is asked each time.
 */
export class Pacer {
  private notBefore = 0;
  private readonly sequential: () => boolean;

  constructor(
    private readonly gapMs: number,
    sequential: boolean | (() => boolean),
  ) {
    this.sequential = typeof sequential === 'function' ? sequential : () => sequential;
  }

  nextAt(): number {
    return this.notBefore;
  }

  started(now: number): void {
    this.notBefore = Math.max(this.notBefore, now + this.gapMs);
  }

  ended(now: number): void {
    if (this.sequential()) this.notBefore = Math.max(this.notBefore, now + this.gapMs);
  }
}
