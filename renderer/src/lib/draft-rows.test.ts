import { describe, expect, it } from 'vitest';
import { DraftRows, DraftRowsBuilder, type DraftRow } from './draft-rows.js';
import { RowTable } from '../../../shared/spreadsheet/row-table.js';
import type { PhoneRecord } from '../../../shared/domain/phone-record.js';

const rec = (
  CustomerNumber: string,
  PhoneNumber: string,
  PhoneTypeName = 'Office',
  PhoneExtension = '',
): PhoneRecord => ({
  CustomerNumber,
  PhoneNumber,
  PhoneExtension,
  PhoneTypeName,
});

const ROWS: DraftRow[] = [
  { row: 2, cells: ['C-1', '+1 212 555 0100', '', 'Office'], record: rec('C-1', '+1 212 555 0100'), excluded: false },
  {
    row: 3,
    cells: ['Müller', '089/6237510', '12', 'Büro ✓'],
    record: rec('Müller', '089/6237510', 'Büro ✓', '12'),
    excluded: true,
  },
  { row: 5, cells: [], record: rec('', ''), excluded: false },
  { row: 9, cells: ['𝔘 👩‍👩‍👧', '', 'x'], record: rec('𝔘 👩‍👩‍👧', '', 'Cell'), excluded: false },
];

describe('DraftRows: the draft by column, each row built when asked', () => {
  it('gives back rows given whole, with multi-byte, empty and missing cells', () => {
    const rows = DraftRows.of(ROWS);
    expect(rows.length).toBe(4);
    expect(rows.toArray()).toEqual(ROWS);
    expect(rows.at(-1)).toEqual(ROWS[3]);
    expect(rows.at(4)).toBeUndefined();
    expect(rows.at(1.5)).toBeUndefined();
    expect(rows.rowNumber(1)).toBe(3);
    expect(rows.field(1, 'PhoneTypeName')).toBe('Büro ✓');
    expect(rows.isExcluded(1)).toBe(true);
    expect(() => rows.field(4, 'PhoneNumber')).toThrow(RangeError);
    expect(DraftRows.empty().length).toBe(0);
  });

  it('reads the cells and row numbers from the sheet’s table, below the header', () => {
    const table = RowTable.of([
      { row: 1, cells: ['Customer', 'Phone'] },
      { row: 2, cells: ['C-1', '555-0100'] },
      { row: 4, cells: ['C-2', '555-0101', 'extra'] },
    ]);
    const builder = new DraftRowsBuilder(table, 1);
    builder.add(rec('C-1', '555-0100'));
    builder.add(rec('C-2', '555-0101'));
    const rows = builder.build();
    expect(rows.toArray()).toEqual([
      { row: 2, cells: ['C-1', '555-0100'], record: rec('C-1', '555-0100'), excluded: false },
      { row: 4, cells: ['C-2', '555-0101', 'extra'], record: rec('C-2', '555-0101'), excluded: false },
    ]);
    // The rules get the cells only when they need them (a converted phone shown beside the sheet's).
    expect(rows.sourceRecord(1, false)).toEqual({ row: 4, cells: [], record: rec('C-2', '555-0101') });
    expect(rows.sourceRecord(1, true).cells).toEqual(['C-2', '555-0101', 'extra']);
    // More records than the table has rows below the header is a mistake, said at once.
    expect(() => builder.add(rec('C-3', '555-0102'))).toThrow(RangeError);
    // Fewer (a mapping stopped early) are the rows added.
    const part = new DraftRowsBuilder(table, 1);
    part.add(rec('C-1', '555-0100'));
    expect(part.build().toArray()).toEqual([
      { row: 2, cells: ['C-1', '555-0100'], record: rec('C-1', '555-0100'), excluded: false },
    ]);
  });

  // The finding: a million DraftRow objects (a row, its record and its cells array each) kept in the
  // window made the final pause of every full garbage collection its longest task. The rows keep
  // columns; every row asked for is a new object that the asker may let go of.
  it('keeps no row objects: every row asked for is built anew', () => {
    const rows = DraftRows.of(ROWS);
    const a = rows.at(0)!;
    const b = rows.at(0)!;
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.record).not.toBe(b.record);
    a.record.PhoneNumber = 'changed';
    a.cells[0] = 'changed';
    expect(rows.at(0)).toEqual(ROWS[0]);
  });

  it('edits return new rows and leave the rows they came from as they were', () => {
    const before = DraftRows.of(ROWS);
    const after = before.withRecord(0, { PhoneNumber: '+1 212 555 0199', PhoneTypeName: 'Mobile' });
    expect(after.record(0)).toEqual(rec('C-1', '+1 212 555 0199', 'Mobile'));
    expect(before.record(0)).toEqual(ROWS[0]!.record);
    // The sheet's cells stay as read.
    expect(after.cells(0)).toEqual(ROWS[0]!.cells);
    expect(after.toArray().slice(1)).toEqual(ROWS.slice(1));
    // Nothing changed: the same rows.
    expect(before.withRecord(2, { PhoneNumber: '' })).toBe(before);
    expect(before.withRecord(9, { PhoneNumber: 'x' })).toBe(before);
  });

  it('sets one field on many rows at once and counts only the rows it changed', () => {
    const before = DraftRows.of(ROWS);
    const { rows, changed } = before.withField([0, 1, 3, 3, 7], 'PhoneTypeName', 'Office');
    expect(changed).toBe(2);
    expect(rows.toArray().map((r) => r.record.PhoneTypeName)).toEqual(['Office', 'Office', 'Office', 'Office']);
    expect(before.toArray().map((r) => r.record.PhoneTypeName)).toEqual(['Office', 'Büro ✓', 'Office', 'Cell']);
    expect(before.withField([0], 'PhoneTypeName', 'Office')).toEqual({ rows: before, changed: 0 });
  });

  it('excludes and includes rows, counting only those that changed', () => {
    const before = DraftRows.of(ROWS);
    const { rows, changed } = before.withExcluded([0, 1, 2, 2, -1, 10], true);
    expect(changed).toBe(2);
    expect(rows.toArray().map((r) => r.excluded)).toEqual([true, true, true, false]);
    expect(before.toArray().map((r) => r.excluded)).toEqual([false, true, false, false]);
    const back = rows.withExcluded([1], false);
    expect(back.changed).toBe(1);
    expect(back.rows.isExcluded(1)).toBe(false);
    expect(rows.isExcluded(1)).toBe(true);
    expect(before.withExcluded([1], true)).toEqual({ rows: before, changed: 0 });
    expect([...rows.excludedRowNumbers()]).toEqual([2, 3, 5]);
    expect([...before.excludedRowNumbers()]).toEqual([3]);
  });

  it('keeps columns in chunks: rows, edits and an early stop across chunk boundaries', () => {
    const n = 40_000; // more than two chunks of 16,384 rows
    const many: DraftRow[] = Array.from({ length: n }, (_, i) => ({
      row: i + 2,
      cells: [`C${i}`, `555-${i}`],
      record: rec(`C${i}`, `555-${i}`, i % 2 ? 'Mobile' : 'Office'),
      excluded: false,
    }));
    const rows = DraftRows.of(many);
    for (const i of [0, 16_383, 16_384, 32_767, 32_768, n - 1]) expect(rows.at(i)).toEqual(many[i]);
    const hit = [1, 16_383, 16_385, 39_999];
    const { rows: edited, changed } = rows.withField(hit, 'PhoneTypeName', 'Home');
    expect(changed).toBe(4);
    for (const i of hit) expect(edited.field(i, 'PhoneTypeName')).toBe('Home');
    for (const i of hit) expect(rows.field(i, 'PhoneTypeName')).toBe('Mobile');
    expect(edited.field(16_384, 'PhoneTypeName')).toBe('Office');
    expect(edited.field(20_000, 'CustomerNumber')).toBe('C20000');
    // A mapping that stopped early, at and just past a chunk boundary.
    const table = RowTable.of(many);
    for (const stop of [16_384, 16_385]) {
      const builder = new DraftRowsBuilder(table, 0);
      for (let i = 0; i < stop; i++) builder.add(many[i]!.record);
      const part = builder.build();
      expect(part.length).toBe(stop);
      expect(part.at(stop - 1)).toEqual(many[stop - 1]);
      expect(part.at(stop)).toBeUndefined();
    }
  });
});
