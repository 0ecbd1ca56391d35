/** Awaited between slices of a long computation so the thread can paint and handle input. */
export type Pause = () => Promise<void>;

/** How often a step generator yields: every this many rows when sliced, never when run in one go. */
export const SLICE_STEP = 64;
export const NO_SLICES = Number.MAX_SAFE_INTEGER;

/**
 * Runs a step generator (which yields every SLICE_STEP rows) and pauses whenever a slice has used
 * its time budget or its row budget, whichever comes first. A time budget keeps the window's
 * longest task short on a slow or busy machine as well as on a fast one.
 */
export async function runInSlices(
  steps: Iterable<unknown>,
  pause: Pause,
  maxRows: number,
  budgetMs = 8,
): Promise<void> {
  let rows = 0;
  let started = Date.now();
  for (const _ of steps) {
    rows += SLICE_STEP;
    if (rows >= maxRows || Date.now() - started >= budgetMs) {
      await pause();
      rows = 0;
      started = Date.now();
    }
  }
}

/** Runs a step generator to its end without pausing. */
export function runAtOnce(steps: Iterable<unknown>): void {
  for (const _ of steps);
}
