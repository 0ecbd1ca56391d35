import { describe, expect, it, vi } from 'vitest';
import { ColumnTally } from './column-tally.svelte.js';
import { DraftRows } from './draft-rows.js';

function rows(types: string[]): DraftRows {
  return DraftRows.of(
    types.map((t, i) => {
      const record = {
        CustomerNumber: `C${i}`,
        PhoneNumber: `212-555-${1000 + i}`,
        PhoneExtension: '',
        PhoneTypeName: t,
      };
      return { row: i + 2, cells: Object.values(record), record, excluded: false };
    }),
  );
}

/** A pause the test releases by hand, counting how many slices asked for one. */
function held() {
  const waiting: Array<() => void> = [];
  return {
    pause: () => new Promise<void>((resolve) => waiting.push(resolve)),
    get waiting() {
      return waiting.length;
    },
    release: () => waiting.shift()?.(),
  };
}

describe('ColumnTally', () => {
  it('lists a column’s values most frequent first and counts a typed value by case and spaces ignored', async () => {
    const tally = new ColumnTally();
    await tally.run(rows(['Cell', 'Cell', 'Office', 'cell', ' Cell ', '']), 'PhoneTypeName').done;
    // Most frequent first; values that differ only in case or spaces stay apart (they are what the sheet holds).
    expect(tally.values[0]).toEqual({ value: 'Cell', count: 2 });
    expect(tally.values.slice(1)).toHaveLength(4);
    expect(tally.values.slice(1)).toEqual(
      expect.arrayContaining([
        { value: '', count: 1 },
        { value: ' Cell ', count: 1 },
        { value: 'Office', count: 1 },
        { value: 'cell', count: 1 },
      ]),
    );
    expect(tally.matching('CELL ')).toBe(4);
    expect(tally.matching('')).toBe(1);
    expect(tally.matching('Pager')).toBe(0);
    expect(tally.counting).toBe(false);
  });

  it('keeps at most `limit` values', async () => {
    const tally = new ColumnTally(2);
    await tally.run(rows(['A', 'B', 'B', 'C', 'C', 'C']), 'PhoneTypeName').done;
    expect(tally.values.map((v) => v.value)).toEqual(['C', 'B']);
  });

  it('counts many rows in slices, and a newer run drops the older one’s answer and stops it', async () => {
    const pauses = held();
    const tally = new ColumnTally(50, pauses.pause);
    const big = rows(Array.from({ length: 200_000 }, (_, i) => (i % 2 ? 'Office' : 'Cell')));
    const first = tally.run(big, 'PhoneTypeName');
    let firstOver = false;
    void first.done.then(() => (firstOver = true));
    // The count waits for the next task before its first slice, and again after each slice.
    expect(pauses.waiting).toBe(1);
    pauses.release();
    await vi.waitFor(() => expect(pauses.waiting).toBe(1));
    expect(tally.counting).toBe(true);
    expect(tally.values).toEqual([]);

    const second = tally.run(rows(['Home']), 'PhoneTypeName');
    // The first run, released, stops at once (it asks for no further slice) and shows nothing.
    pauses.release();
    await vi.waitFor(() => expect(firstOver).toBe(true));
    expect(tally.values).toEqual([]);
    expect(pauses.waiting).toBe(1); // only the second run's first slice is waiting
    pauses.release();
    await second.done;
    expect(tally.values).toEqual([{ value: 'Home', count: 1 }]);
    expect(tally.matching('cell')).toBe(0);
    expect(tally.counting).toBe(false);
  });

  // The finding: every distinct value was sorted in one go once the count ended; on the customer
  // numbers of a million rows that was one long task. Date is frozen so only the row budget ends a slice.
  it('picks the most frequent of many distinct values in slices, as it counts them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let pauses = 0;
      const tally = new ColumnTally(3, () => {
        pauses++;
        return Promise.resolve();
      });
      const big = rows(Array.from({ length: 100_000 }, () => 'Office'));
      await tally.run(big, 'CustomerNumber').done;
      // One pause before the first slice and four while 100,000 rows are counted 20,000 at a time
      // (all there was before), then about as many while the 100,000 distinct values are offered to the list.
      expect(pauses).toBeGreaterThanOrEqual(8);
      expect(tally.values).toEqual([
        { value: 'C0', count: 1 },
        { value: 'C1', count: 1 },
        { value: 'C10', count: 1 },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancel stops the count and leaves the last answer', async () => {
    const pauses = held();
    const tally = new ColumnTally(50, pauses.pause);
    await new ColumnTally().run(rows(['x']), 'PhoneTypeName').done;
    const run = tally.run(rows(Array.from({ length: 100_000 }, () => 'Cell')), 'PhoneTypeName');
    await Promise.resolve();
    run.cancel();
    expect(tally.counting).toBe(false);
    pauses.release();
    await run.done;
    expect(tally.values).toEqual([]);
  });
});
