import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import { runInSlices, SLICE_STEP, type Pause } from '../../../shared/records/slices.js';
import type { DraftRows } from './draft-rows.js';
import { LatestRun } from './latest-run.js';
import { TopValues, type ValueCount } from './top-values.js';
import { TextCounts } from '../../../shared/spreadsheet/string-pool.js';

/** How a value is looked up for "Replace": spaces around it and case do not matter ('' finds empty cells). */
export const replaceKey = (value: string): string => value.trim().toLowerCase();

const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The values of one column of the Review rows, counted in slices: the "Replace" list (most frequent
 * first) and how many rows hold a typed value. Counting a million rows at once froze the window for a
 * quarter of a second when Review opened, and again on every keystroke in "Replace". Each `run`
 * replaces the one before it; a superseded run stops at its next slice and its answer is dropped.
 */
export class ColumnTally {
  /** The most frequent values first, at most `limit` of them. */
  values = $state.raw<ValueCount[]>([]);
  counting = $state(false);
  // Replaced whole when a count ends, never changed in place: raw state. Not a Map: a column of a
  // million customer numbers looked up in one put them all in V8's internalized-string table, which
  // the final pause of every full garbage collection walks (string-pool.ts).
  private byKey = $state.raw<Pick<TextCounts, 'get'>>(new TextCounts());
  private readonly runs = new LatestRun(() => (this.counting = false));

  constructor(
    private readonly limit = 50,
    private readonly pause: Pause = nextTask,
  ) {}

  /** Rows holding `value` (by replaceKey) as of the last finished count. */
  matching(value: string): number {
    return this.byKey.get(replaceKey(value));
  }

  run(
    rows: Pick<DraftRows, 'length' | 'field'>,
    field: keyof PhoneRecord,
  ): { cancel: () => void; done: Promise<void> } {
    const { current, cancel } = this.runs.begin();
    this.counting = true;
    // Tallies local to one count, shown only once it has ended.
    const exact = new TextCounts();
    const byKey = new TextCounts();
    const top = new TopValues(this.limit);
    function* steps(): Generator<void> {
      for (let i = 0; i < rows.length; i++) {
        const v = rows.field(i, field);
        exact.add(v);
        byKey.add(replaceKey(v));
        if (i % SLICE_STEP === SLICE_STEP - 1) {
          yield;
          if (!current()) return;
        }
      }
      // The most frequent values picked in slices too: a million distinct values sorted at once froze the window.
      let n = 0;
      for (const [value, count] of exact.entries()) {
        top.offer(value, count);
        if (++n % SLICE_STEP === 0) {
          yield;
          if (!current()) return;
        }
      }
    }
    // The first slice waits for the next task, as RecordsCheck's does: Review is being drawn in this one.
    const done = this.pause()
      .then(() => (current() ? runInSlices(steps(), this.pause, 20_000) : undefined))
      .then(() => {
        if (!current()) return;
        this.values = top.list();
        this.byKey = byKey;
        this.counting = false;
      });
    return { cancel, done };
  }

  cancel(): void {
    this.runs.stop();
  }
}
