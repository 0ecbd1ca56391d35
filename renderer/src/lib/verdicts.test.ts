import { describe, expect, it } from 'vitest';
import { validateRecords } from '../../../shared/records/validate.js';
import { Verdicts, VerdictsBuilder } from './verdicts.js';

const source = (row: number, PhoneNumber: string, PhoneTypeName = 'Office', CustomerNumber = `C${row}`) => ({
  row,
  cells: [],
  record: { CustomerNumber, PhoneNumber, PhoneExtension: '', PhoneTypeName },
});

describe('Verdicts: a check’s verdicts kept compact', () => {
  const checked = validateRecords(
    [
      source(2, '212-555-0100'),
      source(3, 'call me'),
      source(5, '12345'),
      source(6, '212-555-0100', 'Office', 'C2'),
      source(8, '212-555-0108', 'Pager'),
    ],
    { knownPhoneTypes: ['Office'] },
  );

  it('gives back each row’s number, status and problems as the check gave them', () => {
    const verdicts = Verdicts.of(checked);
    expect(verdicts.length).toBe(checked.length);
    checked.forEach((c, i) => expect(verdicts.at(i)).toEqual({ row: c.row, status: c.status, problems: c.problems }));
    // Every status there is, so a code is never read as another status.
    expect(new Set(checked.map((c) => c.status))).toEqual(new Set(['ok', 'invalid', 'warning', 'duplicate']));
    expect(verdicts.at(checked.length)).toBeUndefined();
    expect(verdicts.at(-1)).toBeUndefined();
    expect(Verdicts.empty().length).toBe(0);
  });

  // The finding: a CheckedRecord per row, with the record it was made from, stayed alive as long as
  // Review was open (two million long-lived objects at a million rows). Only rows with problems keep
  // anything but a byte and a row number; a verdict is built when asked for.
  it('keeps no object per row: each verdict asked for is built anew, problem lists only where there are some', () => {
    const verdicts = Verdicts.of(checked);
    expect(verdicts.at(1)).not.toBe(verdicts.at(1));
    expect(verdicts.at(0)?.problems).toHaveLength(0);
    expect(verdicts.at(1)?.problems).toBe(checked[1]?.problems);
  });

  it('is built in steps, a slice of rows at a time', () => {
    const many = validateRecords(
      Array.from({ length: 300 }, (_, i) => source(i + 2, `212-555-${String(1000 + i)}`)),
      {},
    );
    const builder = new VerdictsBuilder(many.length);
    let steps = 0;
    for (const _ of builder.steps(many)) steps++;
    expect(steps).toBe(5); // 64 rows a step
    expect(builder.build().at(299)).toEqual({ row: 301, status: 'ok', problems: [] });
  });
});
