import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { cellText } from '../../../shared/spreadsheet/cell-text.js';
import { fillDisplayedText, formatNumber, ssfFormat } from '../../../shared/spreadsheet/displayed-text.js';
import { SHEETJS_OOXML_READ_OPTIONS, SHEETJS_READ_OPTIONS } from '../../../shared/spreadsheet/office-workbook.js';
import { readWorkbook } from '../../../shared/spreadsheet/read-workbook.js';
import { CFB } from '../../../shared/spreadsheet/sheetjs-cfb.js';
import { expectOk, table, workbookBytes, type CellInput } from './workbook-files.js';

/*
 * .xlsx files are read without SheetJS's formatting and formatted afterwards (displayed-text.ts).
 * What the user sees must be exactly what SheetJS's own formatting gave: checked here cell by cell
 * against a read with SheetJS's text, over many formats and values.
 */

/** Every cell's text, by address, read the way the importer used to (SheetJS formats every cell). */
function textsWithSheetJsFormatting(bytes: Uint8Array): Map<string, string> {
  const wb = XLSX.read(bytes, { ...SHEETJS_READ_OPTIONS });
  return texts(wb, (cell) => cellText(cell));
}

/** Every cell's text read without formatting and formatted here; null where that defers to SheetJS. */
function textsFormattedHere(bytes: Uint8Array): Map<string, string> | null {
  const wb = XLSX.read(bytes, { ...SHEETJS_OOXML_READ_OPTIONS });
  const display = { date1904: wb.Workbook?.WBProps?.date1904 === true };
  let deferred = false;
  const out = texts(wb, (cell) => {
    if (!fillDisplayedText(cell, display)) deferred = true;
    return cellText(cell);
  });
  return deferred ? null : out;
}

function texts(wb: XLSX.WorkBook, text: (cell: XLSX.CellObject) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of wb.SheetNames) {
    const data = wb.Sheets[name]!['!data'] ?? [];
    data.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (cell != null) out.set(`${name}!${XLSX.utils.encode_cell({ r, c })}`, text(cell));
      }),
    );
  }
  return out;
}

/** An .xlsx rewritten part by part (what Excel writes that SheetJS's writer does not). */
function rewriteXlsx(bytes: Uint8Array, edits: Record<string, (xml: string) => string>): Uint8Array {
  const zip = CFB.read(bytes, { type: 'array' });
  for (const [path, edit] of Object.entries(edits)) {
    const entry = CFB.find(zip, path);
    if (entry === null) throw new Error(`no ${path}`);
    entry.content = new TextEncoder().encode(edit(new TextDecoder().decode(entry.content)));
    entry.size = entry.content.length;
  }
  return new Uint8Array(CFB.write(zip, { fileType: 'zip', type: 'array', compression: true }));
}

const FORMATS = [
  'General',
  '0',
  '0.00',
  '#,##0',
  '(000) 000-0000',
  '000-000-0000',
  '00000000000',
  '0 000 000 000',
  '"+1 "000-000-0000',
  '\\(000\\) 000\\-0000',
  '[<=9999999]###-####;(###) ###-####',
  '00000',
  '0%',
  '0.00%',
  '0.00E+00',
  'm/d/yy',
  'yyyy-mm-dd',
  'd-mmm-yy',
  'h:mm AM/PM',
  '"$"#,##0.00_);\\("$"#,##0.00\\)',
  '@',
  '# ?/?',
  '0;-0;"zero"',
];

/** Values a sheet holds: phones, customer numbers, negatives, fractions, big and tiny numbers. */
function values(): number[] {
  const out = [0, 1, 7, 42, 1234, 5551234567, 2125550000, 12345678901, 123456789012, 441234567890123];
  out.push(-1, -5551234567, 0.5, 2.5, 1.005, 3.14159, 45000, 45000.75, 1e-7, 1e21, 2 ** 31, 2 ** 31 - 1, 2 ** 53);
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let i = 0; i < 60; i++) out.push(Math.floor(random() * 10 ** (1 + (i % 12))));
  for (let i = 0; i < 20; i++) out.push(Math.round(random() * 1e6) / 100 - 5000);
  return out;
}

describe('displayed text of an .xlsx read without SheetJS formatting', () => {
  it('shows numbers stored as numbers as the sheet shows them: a phone, leading zeros, a date, a percentage', () => {
    const bytes = workbookBytes({
      S: [
        ['Customer', 'Phone', 'Since', 'Share'],
        [
          { n: 1234, z: '00000000000' },
          { n: 5551234567, z: '(000) 000-0000' },
          { n: 45000, z: 'm/d/yy' },
          { n: 0.25, z: '0%' },
        ],
        [
          { n: 42, z: '00000' },
          { n: 2125550000, z: '[<=9999999]###-####;(###) ###-####' },
          { n: 45000.5, z: 'yyyy-mm-dd hh:mm' },
          { n: 0.125, z: '0.00%' },
        ],
        ['00123', 5551234567, 45000, 0.5],
      ],
    });
    expect(table(expectOk(readWorkbook(bytes, 'shown.xlsx')))).toEqual([
      [1, 'Customer', 'Phone', 'Since', 'Share'],
      [2, '00000001234', '(555) 123-4567', '3/15/23', '25%'],
      [3, '00042', '(212) 555-0000', '2023-03-15 12:00', '12.50%'],
      [4, '00123', '5551234567', '45000', '0.5'],
    ]);
  });

  it('gives every cell the text SheetJS formatting gives it, for every format and value', () => {
    const vals = values();
    const rows: CellInput[][] = [['format', ...vals.map((_, i) => `v${i}`)]];
    for (const z of FORMATS) rows.push([z, ...vals.map((n) => ({ n, z }))]);
    rows.push(['text', 'abc', ' padded ', '', '00123', '="x"', 'Ünïcödé', '5551234567']);
    rows.push(['bool', true, false]);
    const bytes = workbookBytes({ S: rows });
    const here = textsFormattedHere(bytes);
    expect(here).not.toBeNull();
    const sheetjs = textsWithSheetJsFormatting(bytes);
    expect(here!.size).toBe(sheetjs.size);
    for (const [address, text] of sheetjs) expect([address, here!.get(address)]).toEqual([address, text]);
  });

  it('dates of a 1904 workbook are shown as SheetJS shows them', () => {
    const ws = XLSX.utils.aoa_to_sheet([[45000, 1]]);
    (ws['A1'] as XLSX.CellObject).z = 'yyyy-mm-dd';
    (ws['B1'] as XLSX.CellObject).z = 'm/d/yy';
    const bytes = new Uint8Array(
      XLSX.write(
        { SheetNames: ['S'], Sheets: { S: ws }, Workbook: { WBProps: { date1904: true } } },
        { type: 'array', bookType: 'xlsx' },
      ) as ArrayBuffer,
    );
    expect(textsFormattedHere(bytes)).toEqual(textsWithSheetJsFormatting(bytes));
    expect(table(expectOk(readWorkbook(bytes, '1904.xlsx')))).toEqual([[1, '2027-03-16', '1/2/04']]);
  });

  it('defers to SheetJS where only its formatting knows the text: an undeclared built-in format, an unknown error', () => {
    const base = workbookBytes({
      S: [
        ['Name', 'Amount', 'Spill'],
        ['A', { n: 1234.5, z: '0' }, 'SPILL_HERE'],
      ],
    });
    // Excel leaves built-in formats such as 42 (accounting) undeclared; SheetJS fills it in while formatting.
    const bytes = rewriteXlsx(base, {
      '/xl/styles.xml': (x) => x.replace(/numFmtId="1" /, 'numFmtId="42" '),
      '/xl/worksheets/sheet1.xml': (x) => x.replace(/<c r="C2"[^>]*>.*?<\/c>/, '<c r="C2" t="e"><v>#SPILL!</v></c>'),
    });
    expect(textsFormattedHere(bytes)).toBeNull();
    const expected = textsWithSheetJsFormatting(bytes);
    expect(expected.get('S!B2')).toMatch(/1,235/);
    expect(expected.get('S!C2')).toBe('#SPILL!');
    expect(table(expectOk(readWorkbook(bytes, 'accounting.xlsx')))).toEqual([
      [1, 'Name', 'Amount', 'Spill'],
      [2, 'A', expected.get('S!B2'), '#SPILL!'],
    ]);
  });

  it("digit patterns take the short path and match SheetJS's formatter on every value", () => {
    for (const z of ['(000) 000-0000', '00000000000', '000-000-0000', '"+1 "000-000-0000', '\\(000\\) 000\\-0000'])
      for (const v of values())
        expect([z, v, formatNumber(z, v, { date1904: false })]).toEqual([z, v, ssfFormat(z, v, { date1904: false })]);
  });
});
