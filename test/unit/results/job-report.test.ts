import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { reportCsv, reportTable, reportXlsx } from '../../../main/report/job-report.js';
import { neutraliseFormula } from '../../../main/report/formula-guard.js';
import type { JobRowDetail } from '../../../main/jobs/job-service.js';

const rec = (c: string, p: string) => ({
  CustomerNumber: c,
  PhoneNumber: p,
  PhoneExtension: '',
  PhoneTypeName: 'Office',
});
const rows: JobRowDetail[] = [
  { row: 2, status: 'saved', cells: ['C1', '555-0100', 'Office'], record: rec('C1', '555-0100') },
  {
    row: 3,
    status: 'failed',
    message: "Customer 'C9' not found",
    cells: ['C9', '=HYPERLINK("http://x")', 'Office'],
    record: rec('C9', '=HYPERLINK'),
  },
  {
    row: 5,
    status: 'invalid',
    message: 'Phone number is missing.',
    cells: ['@SUM(1)', '', 'Office'],
    record: rec('@SUM(1)', ''),
  },
  { row: 6, status: 'pending', cells: ['+C4', '-1', 'Of"fice, "x"'], record: rec('+C4', '-1') },
];
const detail = { headers: ['Cust #', 'Phone', 'Type'], rows };

describe('job report', () => {
  it('has Row, the original columns as they were, then Status, Message and What it means, one line per source row', () => {
    const table = reportTable(detail);
    expect(table[0]).toEqual(['Row', 'Cust #', 'Phone', 'Type', 'Status', 'Message', 'What it means']);
    expect(table.slice(1).map((r) => [r[0], r[4], r[5]])).toEqual([
      ['2', 'saved', ''],
      ['3', 'failed', "Customer 'C9' not found"],
      ['5', 'invalid', 'Phone number is missing.'],
      ['6', 'pending', ''],
    ]);
  });

  // The finding: the exported report carried only Wasp's raw message, not the words the screen shows.
  it('carries the plain-words explanation the Results screen shows beside Wasp’s message for failed rows', () => {
    const table = reportTable(detail);
    expect(table[2]?.[6]).toBe(
      'No customer with this number exists in Wasp. Check the customer number against Wasp (Customers list); fix it or create the customer, then retry.',
    );
    expect(table[1]?.[6]).toBe('');
  });

  it('writes an xlsx whose every cell is text and none a formula, and that reads back the same', () => {
    const table = reportTable(detail);
    const book = XLSX.read(reportXlsx(table), { cellFormula: true });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const cells = Object.entries(sheet)
      .filter(([k]) => !k.startsWith('!'))
      .map(([, c]) => c as XLSX.CellObject);
    expect(cells.length).toBe(table.length * table[0]!.length);
    expect(cells.every((c) => c.t === 's' && c.f === undefined)).toBe(true);
    expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: '' })).toEqual(table);
  });

  it('neutralises formula-looking values in CSV and quotes per RFC 4180', () => {
    const csv = reportCsv(reportTable(detail));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[3]!.split(',')[1]).toBe("'@SUM(1)");
    expect(lines[4]).toContain("'+C4,'-1,");
    expect(lines[4]).toContain('"Of""fice, ""x"""');
    // Read back by SheetJS as a CSV, no cell is a formula.
    const book = XLSX.read(csv, { type: 'string', cellFormula: true });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    expect(Object.values(sheet).some((c) => typeof c === 'object' && c !== null && 'f' in c)).toBe(false);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20', "'+44 20"],
    ['-5', "'-5"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['555-0100', '555-0100'],
    ['', ''],
  ])('neutraliseFormula(%j) = %j', (input, out) => expect(neutraliseFormula(input)).toBe(out));
});
