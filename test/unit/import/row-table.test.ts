import { describe, expect, it } from 'vitest';
import { mapRowsInSlices } from '../../../shared/records/map-rows.js';
import { packRows, RowTable, tableWorkbook, workbookHead } from '../../../shared/spreadsheet/row-table.js';
import { sendWorkbook, WorkbookReceiver, type WorkbookPart } from '../../../shared/spreadsheet/workbook-transfer.js';
import type { SheetRow, Workbook } from '../../../shared/spreadsheet/workbook.js';
import type { Mapping } from '../../../shared/domain/job.js';
import { expectOk } from './workbook-files.js';

const ROWS: SheetRow[] = [
  { row: 1, cells: ['Customer', 'Phone', '', 'Typ ✓'] },
  { row: 3, cells: [] },
  { row: 4, cells: ['', ''] },
  { row: 7, cells: ['C-1', '+1 212 555 0100 x12', 'Office', '𝔘nicode 👩‍👩‍👧 and "quotes", commas\nand lines'] },
  { row: 8, cells: ['Ü', 'é', 'Office', ''] },
  { row: 12, cells: ['日本語のセル', '+81 3-1234-5678', 'Büro'] },
];

/** A table of `rows` put together from pieces of `size` rows, each through a structured clone as from the worker. */
function tableInPieces(rows: readonly SheetRow[], size: number): RowTable {
  const table = new RowTable();
  for (let from = 0; from < rows.length; from += size)
    table.append(structuredClone(packRows(rows, from, Math.min(rows.length, from + size))));
  return table;
}

describe('RowTable: a sheet kept packed, each row built when asked', () => {
  it('gives back every row exactly, across pieces, with multi-byte, empty and missing cells', () => {
    for (const size of [1, 2, 4, ROWS.length]) {
      const table = tableInPieces(ROWS, size);
      expect(table.length).toBe(ROWS.length);
      expect(table.slice()).toEqual(ROWS);
      ROWS.forEach((r, i) => {
        expect(table.rowNumber(i)).toBe(r.row);
        expect(table.cells(i)).toEqual(r.cells);
        expect(table.row(i)).toEqual(r);
      });
    }
  });

  it('slices as Array.prototype.slice does', () => {
    const table = tableInPieces(ROWS, 4);
    for (const [a, b] of [
      [0, 2],
      [2, 5],
      [3, 100],
      [-2, undefined],
      [5, 2],
      [0, -1],
      [100, 200],
    ] as const)
      expect(table.slice(a, b)).toEqual(ROWS.slice(a, b));
  });

  // The finding: a million SheetRow objects (each with its cells array and strings) kept in the
  // window made every full garbage collection's final pause its longest task. The table keeps none:
  // each row asked for is a new object, which the asker may let go of.
  it('keeps no row objects: every row asked for is built anew', () => {
    const table = RowTable.of(ROWS);
    const a = table.row(3);
    const b = table.row(3);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.cells).not.toBe(b.cells);
    a.cells[0] = 'changed';
    expect(table.cells(3)[0]).toBe('C-1');
  });

  it('refuses a row outside the table and a piece whose cells do not add up', () => {
    const table = RowTable.of(ROWS);
    expect(() => table.row(ROWS.length)).toThrow(RangeError);
    expect(() => table.row(-1)).toThrow(RangeError);
    expect(() => table.row(1.5)).toThrow(RangeError);
    const broken = packRows(ROWS, 0, 2);
    broken.cellCounts[0] = 9;
    expect(() => new RowTable().append(broken)).toThrow(/does not add up/);
    expect(RowTable.of([]).length).toBe(0);
    expect(RowTable.of([]).slice()).toEqual([]);
  });

  it('is what the receiver keeps of each sheet, so no row object is made while the parts arrive', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 2, cells: [`C${i}`, 'Office', i % 2 ? '' : 'é'] }));
    const parts: WorkbookPart[] = [];
    const workbook: Workbook = {
      fileName: 'f.csv',
      format: 'csv',
      notes: [],
      sheets: [
        { name: 'f', hidden: false, rowCount: 10, columnCount: 3, rows },
        { name: 'empty', hidden: true, rowCount: 0, columnCount: 0, rows: [] },
      ],
    };
    sendWorkbook({ ok: true, value: workbook }, (p) => parts.push(structuredClone(p)), 3);
    const receiver = new WorkbookReceiver();
    const wb = expectOk(
      parts.map((p) => receiver.accept(p)).at(-1) ?? { ok: false, error: { kind: 'internal', message: '' } },
    );
    const [sheet, empty] = wb.sheets;
    expect(sheet?.rows).toBeInstanceOf(RowTable);
    expect(Array.isArray(sheet?.rows)).toBe(false);
    expect(sheet?.rows.slice()).toEqual(rows);
    expect(empty?.rows.length).toBe(0);
    expect({ ...sheet, rows: null }).toEqual({ name: 'f', hidden: false, rowCount: 10, columnCount: 3, rows: null });
  });

  it('gives the top of each sheet as rows for what reads only the top (header detection)', () => {
    const wb = tableWorkbook({
      fileName: 'f.xlsx',
      format: 'xlsx',
      notes: ['a note'],
      sheets: [{ name: 'S', hidden: false, rowCount: ROWS.length, columnCount: 4, rows: ROWS }],
    });
    const head = workbookHead(wb, 2);
    expect(head.sheets[0]?.rows).toEqual(ROWS.slice(0, 2));
    expect(head.sheets[0]?.rowCount).toBe(ROWS.length);
    expect(head.notes).toEqual(['a note']);
  });

  it('maps to the same records as the rows it holds', async () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ['Customer Number', 'Phone', 'Ext', 'Type'] },
      ...Array.from({ length: 300 }, (_, i) => ({
        row: i + 2,
        cells: [
          `C${i}`,
          ` +1 212 555 ${String(i).padStart(4, '0')} x${i % 7 === 0 ? 9 : ''}`,
          i % 3 ? '' : '12',
          'Office',
        ],
      })),
    ];
    const mapping: Mapping = {
      CustomerNumber: { kind: 'column', column: 'Customer Number' },
      PhoneNumber: { kind: 'column', column: 'Phone' },
      PhoneExtension: { kind: 'column', column: 'Ext' },
      PhoneTypeName: { kind: 'column', column: 'Type' },
    };
    const pause = async () => undefined;
    const fromArray = expectOk(await mapRowsInSlices(rows, 0, mapping, {}, pause, 50, undefined, 4));
    const fromTable = expectOk(await mapRowsInSlices(tableInPieces(rows, 64), 0, mapping, {}, pause, 50, undefined, 4));
    expect(fromTable).toEqual(fromArray);
    expect(fromTable).toHaveLength(300);
  });
});
