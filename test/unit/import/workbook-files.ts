import * as XLSX from 'xlsx';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../../shared/domain/app-error.js';
import type { Workbook } from '../../../shared/spreadsheet/workbook.js';
import { CFB } from '../../../shared/spreadsheet/sheetjs-cfb.js';

/** Cell values for SheetJS; `{ n, z }` is a number cell with a number format. */
export type CellInput = string | number | boolean | null | { n: number; z: string };

export function sheetOf(rows: CellInput[][]): XLSX.WorkSheet {
  const aoa = rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? c.n : c)));
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  rows.forEach((r, ri) =>
    r.forEach((c, ci) => {
      if (c !== null && typeof c === 'object') {
        const cell = ws[XLSX.utils.encode_cell({ r: ri, c: ci })] as XLSX.CellObject;
        cell.z = c.z;
      }
    }),
  );
  return ws;
}

export function workbookBytes(sheets: Record<string, CellInput[][]>, bookType: XLSX.BookType = 'xlsx'): Uint8Array {
  const wb: XLSX.WorkBook = { SheetNames: Object.keys(sheets), Sheets: {} };
  for (const [name, rows] of Object.entries(sheets)) wb.Sheets[name] = sheetOf(rows);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType, compression: true }) as ArrayBuffer);
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url))));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

export function errorOf(r: Result<unknown>): { kind: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** Rows of a sheet as [row number, ...cells] for compact assertions. */
export function table(wb: Workbook, sheet = 0): (string | number)[][] {
  return (wb.sheets[sheet]?.rows ?? []).map((r) => [r.row, ...r.cells]);
}

/**
 * An .xlsx whose cell holding `placeholder` holds `text` instead: SheetJS refuses to write more
 * than Excel's 32,767 characters, but other programs do write such files.
 */
export function xlsxWithOversizedCell(rows: CellInput[][], placeholder: string, text: string): Uint8Array {
  const zip = CFB.read(workbookBytes({ S: rows }), { type: 'array' });
  const entry = CFB.find(zip, '/xl/worksheets/sheet1.xml');
  if (entry === null) throw new Error('SheetJS wrote no xl/worksheets/sheet1.xml');
  const xml = new TextDecoder().decode(entry.content).replace(placeholder, text);
  entry.content = new TextEncoder().encode(xml);
  entry.size = entry.content.length;
  return new Uint8Array(CFB.write(zip, { fileType: 'zip', type: 'array', compression: true }));
}
