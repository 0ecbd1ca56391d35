import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/domain/job.js';
import { autoMatchColumns } from '../../../shared/records/column-match.js';
import { columnLabels, resolveMapping } from '../../../shared/records/columns.js';
import { detectHeaderRow } from '../../../shared/records/header-detection.js';
import { normaliseHeader } from '../../../shared/records/header-names.js';
import { suggestImport } from '../../../shared/records/suggest-import.js';
import {
  findTemplate,
  headerSignature,
  makeMappingFile,
  parseMappingFile,
  serialiseMappingFile,
} from '../../../shared/records/templates.js';
import type { SheetRow, Workbook } from '../../../shared/spreadsheet/workbook.js';
import { errorOf, expectOk } from './workbook-files.js';

const col = (column: string) => ({ kind: 'column' as const, column });
const none = { kind: 'none' as const };

function matched(headers: string[]): Record<string, string | null> {
  const m = autoMatchColumns(headers);
  return Object.fromEntries(Object.entries(m.columns).map(([f, c]) => [f, c === null ? null : (headers[c] ?? null)]));
}

describe('normaliseHeader', () => {
  it('folds case, accents, punctuation, camel case and abbreviations', () => {
    expect(normaliseHeader('  Cust # ')).toBe('customer number');
    expect(normaliseHeader('Customer No.')).toBe('customer number');
    expect(normaliseHeader('PhoneTypeName')).toBe('phone type name');
    expect(normaliseHeader('Téléphone')).toBe('phone');
    expect(normaliseHeader('Tel.')).toBe('phone');
    expect(normaliseHeader('Ext.')).toBe('extension');
    expect(normaliseHeader('Acct_No')).toBe('account number');
  });
});

describe('autoMatchColumns over realistic headers', () => {
  const cases: [string[], Record<string, string | null>][] = [
    [
      ['Cust #', 'Customer Name', 'Telephone', 'Ext.', 'Phone Type'],
      { CustomerNumber: 'Cust #', PhoneNumber: 'Telephone', PhoneExtension: 'Ext.', PhoneTypeName: 'Phone Type' },
    ],
    [
      ['CustomerNumber', 'PhoneNumber', 'PhoneExtension', 'PhoneTypeName'],
      {
        CustomerNumber: 'CustomerNumber',
        PhoneNumber: 'PhoneNumber',
        PhoneExtension: 'PhoneExtension',
        PhoneTypeName: 'PhoneTypeName',
      },
    ],
    [
      ['Customer No', 'Name', 'Phone #', 'Extension', 'Type'],
      { CustomerNumber: 'Customer No', PhoneNumber: 'Phone #', PhoneExtension: 'Extension', PhoneTypeName: 'Type' },
    ],
    [
      ['Account', 'Company', 'Tel', 'Customer Phone Type'],
      { CustomerNumber: 'Account', PhoneNumber: 'Tel', PhoneExtension: null, PhoneTypeName: 'Customer Phone Type' },
    ],
    [
      ['Acct', 'Phone No', 'Ext', 'Phone Type Name'],
      { CustomerNumber: 'Acct', PhoneNumber: 'Phone No', PhoneExtension: 'Ext', PhoneTypeName: 'Phone Type Name' },
    ],
    [
      // Small typos still match.
      ['Custmer Numbr', 'Telephon', 'Extention', 'Phone Tpye'],
      {
        CustomerNumber: 'Custmer Numbr',
        PhoneNumber: 'Telephon',
        PhoneExtension: 'Extention',
        PhoneTypeName: 'Phone Tpye',
      },
    ],
    [
      // Names, e-mails and a customer *type* are not phone fields; "Number" alone is too vague.
      ['Customer Name', 'Email', 'Customer Type', 'Number', 'Notes'],
      { CustomerNumber: null, PhoneNumber: null, PhoneExtension: null, PhoneTypeName: null },
    ],
    [
      ['Customer ID', 'Customer Name', 'Main Phone', 'Phone Ext', 'Phone Number Type'],
      {
        CustomerNumber: 'Customer ID',
        PhoneNumber: 'Main Phone',
        PhoneExtension: 'Phone Ext',
        PhoneTypeName: 'Phone Number Type',
      },
    ],
    [
      ['Client Code', 'Mobile', 'Kind'],
      { CustomerNumber: 'Client Code', PhoneNumber: 'Mobile', PhoneExtension: null, PhoneTypeName: 'Kind' },
    ],
    [
      // Two phone columns: the leftmost wins.
      ['Customer', 'Phone 1', 'Phone 2'],
      { CustomerNumber: 'Customer', PhoneNumber: 'Phone 1', PhoneExtension: null, PhoneTypeName: null },
    ],
  ];
  for (const [headers, expected] of cases) {
    it(headers.join(' | '), () => expect(matched(headers)).toEqual(expected));
  }

  it('builds a Mapping of columns and none', () => {
    expect(autoMatchColumns(['Cust #', 'Phone']).mapping).toEqual({
      CustomerNumber: col('Cust #'),
      PhoneNumber: col('Phone'),
      PhoneExtension: none,
      PhoneTypeName: none,
    });
  });
});

describe('column labels and resolving a mapping', () => {
  it('names blank headers by letter and makes repeated ones unique', () => {
    expect(columnLabels(['Phone', '', ' Phone ', 'Type'], 6)).toEqual([
      'Phone (A)',
      'Column B',
      'Phone (C)',
      'Type',
      'Column E',
      'Column F',
    ]);
  });

  it('finds columns by label, by same-meaning header or by letter; names what is missing', () => {
    const labels = ['Cust #', 'Telephone', 'Type'];
    const mapping: Mapping = {
      CustomerNumber: col('Cust No'),
      PhoneNumber: col('Column B'),
      PhoneExtension: none,
      PhoneTypeName: { kind: 'constant', value: 'Office' },
    };
    expect(expectOk(resolveMapping(mapping, labels))).toEqual({
      CustomerNumber: { kind: 'column', index: 0 },
      PhoneNumber: { kind: 'column', index: 1 },
      PhoneExtension: none,
      PhoneTypeName: { kind: 'constant', value: 'Office' },
    });
    const e = errorOf(resolveMapping({ ...mapping, PhoneNumber: col('Mobile') }, labels));
    expect(e.message).toBe(
      'The header row has no column "Mobile" (for PhoneNumber): its columns are Cust #, Telephone, Type. Choose the columns again.',
    );
  });
});

const rowsOf = (lines: string[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('header row detection', () => {
  it('skips title rows above the header', () => {
    const rows = rowsOf([
      ['Customer phone list — Müller GmbH'],
      ['Exported 2024-05-01', '', 'Page 1'],
      ['Phone list for customers'],
      ['Cust #', 'Customer Name', 'Telephone', 'Ext.', 'Phone Type'],
      ['00123', 'Müller', '(555) 123-4567', '', 'Office'],
      ['00124', 'Acme', '555-987-6543', '12', 'Mobile'],
    ]);
    const guess = detectHeaderRow(rows);
    expect(guess.found).toBe(true);
    expect(guess.index).toBe(3);
    expect(guess.match.mapping.PhoneNumber).toEqual(col('Telephone'));
  });

  it('falls back to the first row when nothing looks like a header', () => {
    const guess = detectHeaderRow(
      rowsOf([
        ['a', 'b'],
        ['1', '2'],
      ]),
    );
    expect(guess).toMatchObject({ index: 0, found: false });
  });

  it('only looks at the first 20 rows', () => {
    const filler = Array.from({ length: 20 }, (_, i) => [`note ${i}`]);
    expect(detectHeaderRow(rowsOf([...filler, ['Customer Number', 'Phone', 'Type']])).found).toBe(false);
  });
});

const sheet = (name: string, lines: string[][], hidden = false) => ({
  name,
  hidden,
  rowCount: lines.length,
  columnCount: Math.max(0, ...lines.map((l) => l.length)),
  rows: rowsOf(lines),
});
const book = (...sheets: ReturnType<typeof sheet>[]): Workbook => ({
  fileName: 'b.xlsx',
  format: 'xlsx',
  sheets,
  notes: [],
});

describe('suggestImport', () => {
  const phones = [['Title'], ['Customer Number', 'Phone', 'Type'], ['1', '555-1234567', 'Office']];

  it('defaults to the first visible sheet whose header matches', () => {
    const s = suggestImport(
      book(sheet('Notes', [['Read me'], ['nothing here']]), sheet('Hidden', phones, true), sheet('Data', phones)),
    );
    expect(s).toMatchObject({
      sheetIndex: 2,
      headerIndex: 1,
      found: true,
      template: null,
      headers: ['Customer Number', 'Phone', 'Type'],
    });
  });

  it('takes a hidden sheet only when no visible one matches, and the first sheet with data when none does', () => {
    expect(suggestImport(book(sheet('Notes', [['x']]), sheet('Hidden', phones, true))).sheetIndex).toBe(1);
    expect(suggestImport(book(sheet('Empty', []), sheet('Odd', [['a', 'b']])))).toMatchObject({
      sheetIndex: 1,
      headerIndex: 0,
      found: false,
    });
  });

  it('prefers a saved template for the same headers, even where auto-detection fails', () => {
    const odd = [['Title'], ['K', 'Num', 'Sort'], ['1', '555-1234567', 'Office']];
    const mapping: Mapping = {
      CustomerNumber: col('K'),
      PhoneNumber: col('Num'),
      PhoneExtension: none,
      PhoneTypeName: col('Sort'),
    };
    const saved = makeMappingFile(['k', 'NUM ', 'Sort'], mapping);
    const s = suggestImport(book(sheet('S', odd)), [saved]);
    expect(s).toMatchObject({ sheetIndex: 0, headerIndex: 1, mapping, template: saved, found: true });
  });
});

describe('mapping files (templates)', () => {
  const mapping: Mapping = {
    CustomerNumber: col('Cust #'),
    PhoneNumber: col('Telephone'),
    PhoneExtension: none,
    PhoneTypeName: { kind: 'constant', value: 'Office' },
  };

  it('signature ignores case, spacing, abbreviations and trailing blank columns', () => {
    expect(headerSignature(['Cust #', ' Telephone', 'Column C', ''])).toBe(headerSignature(['cust no', 'TELEPHONE']));
    expect(headerSignature(['Cust #', 'Phone'])).not.toBe(headerSignature(['Phone', 'Cust #']));
    expect(findTemplate([{ headers: ['A', 'Cust No', 'Tel'], mapping }], ['a', 'Cust #', 'Telephone'])).not.toBeNull();
    expect(findTemplate([{ headers: ['A'], mapping }], ['B'])).toBeNull();
  });

  it('round-trips through JSON as {"version":1, "headers", "mapping"}', () => {
    const file = makeMappingFile(['Cust #', 'Telephone'], mapping, {
      phoneFormat: 'e164',
      defaultCountry: 'US',
      name: 'Phones',
    });
    const text = serialiseMappingFile(file);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      headers: ['Cust #', 'Telephone'],
      mapping,
      phoneFormat: 'e164',
      defaultCountry: 'US',
      name: 'Phones',
    });
    expect(expectOk(parseMappingFile(text))).toEqual(file);
    // The minimal form a person might write by hand, with a BOM from Notepad.
    expect(expectOk(parseMappingFile(`\uFEFF${JSON.stringify({ version: 1, mapping })}`)).mapping).toEqual(mapping);
  });

  it('refuses bad files with one line saying what is wrong', () => {
    expect(errorOf(parseMappingFile('{nope')).message).toMatch(/^The mapping file is not valid JSON: /);
    expect(errorOf(parseMappingFile(JSON.stringify({ version: 2, mapping }))).message).toMatch(
      /newer version of the app \(format 2\)/,
    );
    expect(
      errorOf(parseMappingFile(JSON.stringify({ version: 1, mapping: { ...mapping, PhoneNumber: { kind: 'cell' } } })))
        .message,
    ).toMatch(/^The mapping file is not a phone-importer mapping: mapping\.PhoneNumber/);
    expect(errorOf(parseMappingFile(JSON.stringify({ version: 1, mapping, maping: {} }))).message).toMatch(/maping/);
    expect(errorOf(parseMappingFile(JSON.stringify({ version: 1, mapping, defaultCountry: 'XX' }))).message).toMatch(
      /defaultCountry: is not a country code/,
    );
  });
});
