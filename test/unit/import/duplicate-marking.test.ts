import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../shared/domain/phone-record.js';
import { judgeRows, judgeSheetRows } from '../../../shared/records/judge-rows.js';
import { headerLabels, mapRows } from '../../../shared/records/map-rows.js';
import { validateEachInSlices, validateRecords, type CheckedRecord } from '../../../shared/records/validate.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';
import { expectOk } from './workbook-files.js';

/** A small deterministic generator (mulberry32), so a failure names the same rows every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Rows drawn from few customers, numbers and types, so exact repeats, the same customer and type
 * with another number, the same number written differently and case-only differences all occur many
 * times, near each other and hundreds of rows apart (across every batch and slice boundary).
 */
function drawRecords(count: number, seed: number): SourceRecord[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const customers = Array.from({ length: 60 }, (_, i) => (i % 7 === 0 ? `c${i}` : `C${i}`));
  const numbers = ['555-123-4567', '(555) 123-4567', '555 123 4568', '5551234569', 'n/a', '555-000-0000'];
  const types = ['Office', 'office', 'Mobile', 'Fax'];
  return Array.from({ length: count }, (_, i) => {
    const record = {
      CustomerNumber: next() < 0.02 ? '' : pick(customers),
      PhoneNumber: pick(numbers),
      PhoneExtension: next() < 0.2 ? pick(['12', '7']) : '',
      PhoneTypeName: pick(types),
    };
    return { row: i + 2, cells: [], record };
  });
}

const digitsOf = (phone: string): string => phone.replace(/\D+/g, '');

/**
 * The duplicate and may-overwrite rules written the slow, obvious way: joined keys in Maps, every
 * row against every row of its group.
 */
function reference(records: readonly SourceRecord[], checkedAlone: readonly CheckedRecord[], excluded: Set<number>) {
  const takesPart = (i: number) => checkedAlone[i]!.status !== 'invalid' && !excluded.has(records[i]!.row);
  const firstOf = new Map<string, number>();
  const duplicateOf = new Map<number, number>();
  records.forEach((s, i) => {
    if (!takesPart(i)) return;
    const r = s.record;
    const key = [r.CustomerNumber, r.PhoneNumber, r.PhoneExtension, r.PhoneTypeName].join('\u0000');
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, i);
    else duplicateOf.set(i, first);
  });
  const numbersIn = new Map<string, Set<string>>();
  const groupKey = (r: SourceRecord['record']) =>
    `${r.CustomerNumber.toLowerCase()}\u0000${r.PhoneTypeName.toLowerCase()}`;
  records.forEach((s, i) => {
    if (!takesPart(i) || duplicateOf.has(i)) return;
    const numbers = numbersIn.get(groupKey(s.record)) ?? new Set<string>();
    numbers.add(`${digitsOf(s.record.PhoneNumber)}x${s.record.PhoneExtension}`);
    numbersIn.set(groupKey(s.record), numbers);
  });
  return records.map((s, i) => ({
    duplicateOfRow: duplicateOf.has(i) ? records[duplicateOf.get(i)!]!.row : null,
    mayOverwrite: takesPart(i) && !duplicateOf.has(i) && numbersIn.get(groupKey(s.record))!.size > 1,
  }));
}

function marks(checked: readonly CheckedRecord[]) {
  return checked.map((c) => {
    const duplicate = c.problems.find((p) => p.code === 'duplicate');
    return {
      duplicateOfRow: duplicate === undefined ? null : Number(/as row (\d+)\./.exec(duplicate.message)![1]),
      mayOverwrite: c.problems.some((p) => p.code === 'may-overwrite'),
    };
  });
}

describe('duplicate and may-overwrite marking', () => {
  const records = drawRecords(3_000, 7);
  const excluded = new Set([5, 300, 301, 1_000, 2_999]);
  const options = { knownPhoneTypes: [], excludedRows: excluded };
  // Each row checked on its own: which rows are invalid, before any row is compared with another.
  const alone = records.map((r) => validateRecords([r])[0]!);
  const expected = reference(records, alone, excluded);

  it('marks exactly the rows the obvious rules mark, across thousands of rows', () => {
    const checked = validateRecords(records, options);
    const found = marks(checked);
    // The draw holds every case many times over, so a rule that marked nothing could not pass.
    expect(expected.filter((e) => e.duplicateOfRow !== null).length).toBeGreaterThan(500);
    expect(expected.filter((e) => e.mayOverwrite).length).toBeGreaterThan(500);
    expect(
      expected.filter((e, i) => e.duplicateOfRow === null && !e.mayOverwrite && alone[i]!.status !== 'invalid').length,
    ).toBeGreaterThan(0);
    for (let i = 0; i < records.length; i++)
      expect({ row: records[i]!.row, ...found[i] }).toEqual({ row: records[i]!.row, ...expected[i] });
    expect(checked.map((c) => c.status === 'duplicate')).toEqual(expected.map((e) => e.duplicateOfRow !== null));
  });

  it('reaches the same marks when checked in slices', async () => {
    const sliced = await validateEachInSlices(
      records.length,
      (i) => records[i]!,
      options,
      () => Promise.resolve(),
      100,
    );
    expect(marks(sliced)).toEqual(expected);
  });
});

describe('judgeSheetRows', () => {
  const col = (column: string) => ({ kind: 'column' as const, column });
  const mapping: Mapping = {
    CustomerNumber: col('Cust'),
    PhoneNumber: col('Phone'),
    PhoneExtension: col('Ext'),
    PhoneTypeName: col('Type'),
  };
  const header: SheetRow = { row: 2, cells: ['Cust', 'Phone', 'Ext', 'Type'] };
  const sheet: SheetRow[] = [
    { row: 1, cells: ['Phones, exported'] },
    header,
    ...drawRecords(1_500, 11).map((s, i): SheetRow => {
      const r = s.record;
      // Some extensions written inside the phone cell, as "x12", for the mapper to move out.
      const phone = i % 9 === 0 && r.PhoneExtension === '' ? `${r.PhoneNumber} x12` : r.PhoneNumber;
      return { row: s.row + 1, cells: [`  ${r.CustomerNumber}`, phone, r.PhoneExtension, r.PhoneTypeName] };
    }),
  ];

  it('gives exactly the records of mapRows and the verdicts of judgeRows over them', () => {
    for (const options of [{}, { phoneFormat: 'e164' as const, defaultCountry: 'US' as const }]) {
      const knownPhoneTypes = ['Office', 'Mobile'];
      const mapped = expectOk(mapRows(sheet, 1, mapping, options));
      const judged = expectOk(
        judgeSheetRows(sheet, 1, headerLabels(sheet, 1), mapping, { ...options, knownPhoneTypes }),
      );
      expect(judged.records).toEqual(mapped);
      const verdicts = judgeRows(mapped, knownPhoneTypes);
      expect(judged.verdicts).toEqual(verdicts);
      expect(new Set(verdicts.map((v) => v.status))).toEqual(new Set(['pending', 'invalid', 'skipped']));
    }
  });

  it('refuses a mapping the header does not have, as mapRows does', () => {
    const wrong: Mapping = { ...mapping, PhoneNumber: col('Shoe size') };
    const judged = judgeSheetRows(sheet, 1, headerLabels(sheet, 1), wrong, { knownPhoneTypes: [] });
    const mapped = mapRows(sheet, 1, wrong);
    expect(judged.ok).toBe(false);
    expect(judged).toEqual(mapped);
  });
});
