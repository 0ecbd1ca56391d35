/**
 * Numbers the runs of a long, sliced piece of work so that only the latest one counts: starting a
 * new run, or stopping, makes every older run stale; a stale run stops at its next slice and its
 * answer is dropped. RecordsCheck and ColumnTally both work this way.
 */
export class LatestRun {
  private generation = 0;

  /** `stopped` is called when the latest run is stopped (not when a newer run replaces it). */
  constructor(private readonly stopped: () => void) {}

  /** Starts a run: `current()` while it is the latest; `cancel()` stops it if it still is. */
  begin(): { current: () => boolean; cancel: () => void } {
    const mine = ++this.generation;
    const current = () => mine === this.generation;
    return {
      current,
      cancel: () => {
        if (current()) this.stop();
      },
    };
  }

  /** Makes every run stale. */
  stop(): void {
    this.generation++;
    this.stopped();
  }
}
