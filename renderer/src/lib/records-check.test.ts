import { describe, expect, it, vi } from 'vitest';
import { validateEachInSlices } from '../../../shared/records/validate.js';
import { RecordsCheck, type CheckInput } from './records-check.svelte.js';
import { DraftRows, type DraftRow } from './draft-rows.js';

function row(n: number, phone: string, type = 'Office', excluded = false): DraftRow {
  const record = { CustomerNumber: `C-${n}`, PhoneNumber: phone, PhoneExtension: '', PhoneTypeName: type };
  return { row: n + 1, cells: Object.values(record), record, excluded };
}
function input(rows: DraftRow[]): CheckInput {
  return {
    rows: DraftRows.of(rows),
    knownPhoneTypes: ['Office', 'Mobile'],
    phoneFormat: 'as-displayed',
    defaultCountry: undefined,
    phoneColumn: 1,
  };
}
/** Many rows, so the check takes many slices. */
const many = (count: number, phone = '212-555-0100'): DraftRow[] =>
  Array.from({ length: count }, (_, i) => row(i + 1, phone.replace(/\d{4}$/, String(1000 + (i % 9000)))));

/** A pause the test releases by hand: each slice of a check waits until the test says go. */
function stepper() {
  const waiting: Array<() => void> = [];
  let asked = 0;
  return {
    pause: () =>
      new Promise<void>((resolve) => {
        asked++;
        waiting.push(resolve);
      }),
    get asked() {
      return asked;
    },
    get waiting() {
      return waiting.length;
    },
    /** Releases the oldest waiting slice and lets what follows it run up to its next pause. */
    async step() {
      waiting.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
    /** Releases slices until `done` has settled. */
    async finish(...done: Array<Promise<void>>) {
      let over = false;
      void Promise.all(done).then(() => (over = true));
      await new Promise((r) => setTimeout(r, 0));
      while (!over) await this.step();
    },
  };
}

describe('RecordsCheck: the Review verdicts', () => {
  it('counts ok, warnings, invalid, duplicates and excluded rows once every row has its verdict', async () => {
    const check = new RecordsCheck();
    const rows = [
      row(1, '212-555-0101'),
      row(2, '212-555-0102', 'Cell'),
      row(3, 'call me'),
      { ...row(4, '212-555-0101'), record: row(1, '212-555-0101').record },
      row(5, '212-555-0105', 'Office', true),
    ];
    const { done } = check.run(input(rows));
    expect(check.checking).toBe(true);
    expect(check.ready).toBe(false);
    await done;
    expect(check.ready).toBe(true);
    expect(check.checking).toBe(false);
    expect(check.counts).toEqual({ ok: 1, warning: 1, invalid: 1, duplicate: 1, excluded: 1 });
    expect(check.sendable).toBe(2);
    expect(check.notSent).toBe(3);
    expect(check.clean).toBe(false);
  });

  it('drops a stale answer: a check started before an edit never overwrites the verdicts after it', async () => {
    const s = stepper();
    const check = new RecordsCheck(s.pause);
    const before = many(5000, 'not a phone');
    const first = check.run(input(before));
    await s.step();
    // The edit: every phone fixed. Its check is run while the first is still waiting on a slice.
    const after = many(5000);
    const second = check.run(input(after));
    // Release the slices in any order until both are over: the first stops at its next slice.
    await s.finish(first.done, second.done);
    expect(check.counts.invalid).toBe(0);
    expect(check.counts.ok).toBe(5000);
    expect(check.clean).toBe(true);
  });

  it('a cancelled check (the screen closed) stops at its next slice and leaves its answer out', async () => {
    const s = stepper();
    const check = new RecordsCheck(s.pause);
    const run = check.run(input(many(20_000)));
    await s.step();
    const askedBeforeCancel = s.asked;
    run.cancel();
    expect(check.checking).toBe(false);
    while (s.waiting > 0) await s.step();
    await run.done;
    // The slice in flight asks for no further pause: the other 19,000 rows are never checked.
    expect(s.asked).toBe(askedBeforeCancel);
    expect(check.checked.length).toBe(0);
    expect(check.ready).toBe(false);
  });

  it('after an edit the previous verdicts stay shown until the new ones are in', async () => {
    const s = stepper();
    const check = new RecordsCheck(s.pause);
    const rows = [row(1, '212-555-0101'), row(2, 'call me')];
    let run = check.run(input(rows));
    await s.finish(run.done);
    expect(check.counts.invalid).toBe(1);
    const edited = [rows[0]!, row(2, '212-555-0102')];
    run = check.run(input(edited));
    expect(check.checking).toBe(true);
    expect(check.ready).toBe(true);
    expect(check.checked.at(1)?.status).toBe('invalid');
    await s.finish(run.done);
    expect(check.checked.at(1)?.status).toBe('ok');
    expect(check.clean).toBe(true);
  });

  it('cancelling an older run does not stop the newer one (an effect’s teardown after it re-ran)', async () => {
    const check = new RecordsCheck();
    const older = check.run(input([row(1, 'call me')]));
    const newer = check.run(input([row(1, '212-555-0101')]));
    older.cancel();
    await Promise.all([older.done, newer.done]);
    expect(check.counts.ok).toBe(1);
    expect(check.checking).toBe(false);
  });

  // The finding: the counts and the problem groups were derived from every verdict in one go when a
  // check ended (a million rows: one long task). They are now tallied in slices, with the verdicts.
  it('tallies counts and rows by kind of problem with the verdicts, an exclusion showing once its check is in', async () => {
    const s = stepper();
    const check = new RecordsCheck(s.pause);
    const rows = [row(1, '212-555-0101', 'Cell'), row(2, '212-555-0102'), row(3, '212-555-0103', 'Cell')];
    let run = check.run(input(rows));
    await s.finish(run.done);
    expect(check.groups).toEqual([
      { code: 'unknown-phone-type', label: 'Phone type not known to Wasp', indices: [0, 2], excluded: 0 },
    ]);
    expect(check.counts).toMatchObject({ ok: 1, warning: 2, excluded: 0 });

    const edited = [rows[0]!, rows[1]!, { ...rows[2]!, excluded: true }];
    run = check.run(input(edited));
    // Until the new verdicts are in, counts and groups stay those of the verdicts shown.
    expect(check.counts).toMatchObject({ warning: 2, excluded: 0 });
    expect(check.groups[0]?.excluded).toBe(0);
    await s.finish(run.done);
    expect(check.counts).toMatchObject({ ok: 1, warning: 1, excluded: 1 });
    expect(check.groups[0]).toMatchObject({ indices: [0, 2], excluded: 1 });
    // "Only rows with problems": the rows not ok, and the excluded ones.
    expect(check.attention).toEqual([0, 2]);
    run = check.run(input([rows[0]!, { ...rows[1]!, excluded: true }, row(3, '212-555-0103')]));
    await s.finish(run.done);
    expect(check.attention).toEqual([0, 1]);
  });

  it('tallies many verdicts in slices after checking them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let pauses = 0;
      const countPauses = () => {
        pauses++;
        return Promise.resolve();
      };
      const check = new RecordsCheck(countPauses);
      await check.run(input(many(60_000))).done;
      expect(check.counts.ok).toBe(60_000);
      // Checking 60,000 rows 2,000 at a time twice (rules, then duplicates) is about 60 pauses; the
      // tally of the verdicts takes its own slices (20,000 rows each) after that.
      const checkedOnly = pauses;
      pauses = 0;
      const rows = many(60_000);
      await validateEachInSlices(rows.length, (i) => rows[i]!, { knownPhoneTypes: ['Office', 'Mobile'] }, countPauses);
      expect(checkedOnly - pauses).toBeGreaterThanOrEqual(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
