import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../shared/spreadsheet/read-workbook.js';
import { CFB } from '../../../shared/spreadsheet/sheetjs-cfb.js';
import { MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, type ReadProgress } from '../../../shared/spreadsheet/workbook.js';
import {
  errorOf,
  expectOk,
  fixture,
  table,
  utf8,
  workbookBytes,
  xlsxWithOversizedCell,
  type CellInput,
} from './workbook-files.js';

const PHONE_FORMAT = '(000) 000-0000';

const messy: CellInput[][] = [
  ['Customer phones'],
  [],
  ['Cust #', 'Telephone', 'Ext.', 'Phone Type'],
  ['00123', { n: 5551234567, z: PHONE_FORMAT }, null, 'Office'],
  ['00124', 5559876543, '204', 'Mobile'],
  ['00125', { n: 5551112222, z: '0.00E+00' }, null, 'Fax'],
  ['00126', 441234567890123, null, 'Office'],
  ['00127', '555-1234', null, '2024-01-02'],
];

describe('readWorkbook: office formats', () => {
  for (const bookType of ['xlsx', 'xlsm', 'xls', 'ods'] as const) {
    it(`reads a SheetJS-written .${bookType} as displayed text with sheet row numbers`, () => {
      const bytes = workbookBytes({ Phones: messy }, bookType === 'xls' ? 'biff8' : bookType);
      const wb = expectOk(readWorkbook(bytes, `phones.${bookType}`));
      expect(wb.format).toBe(bookType);
      expect(wb.sheets.map((s) => [s.name, s.rowCount])).toEqual([['Phones', 7]]);
      const rows = table(wb);
      expect(rows[0]).toEqual([1, 'Customer phones']);
      // Row 2 is blank and skipped; numbering stays Excel's.
      expect(rows[1]).toEqual([3, 'Cust #', 'Telephone', 'Ext.', 'Phone Type']);
      // ODS written by SheetJS drops custom number formats; the real LibreOffice .ods test covers them.
      expect(rows[2]?.[2]).toBe(bookType === 'ods' ? '5551234567' : '(555) 123-4567');
      expect(rows[2]?.[1]).toBe('00123');
      expect(rows[3]).toEqual([5, '00124', '5559876543', '204', 'Mobile']);
      // Scientific display ("5.55E+09", "4.41235E+14") is replaced by the full digits.
      expect(rows[4]?.[2]).toBe('5551112222');
      expect(rows[5]?.[2]).toBe('441234567890123');
      expect(rows[6]).toEqual([8, '00127', '555-1234', '', '2024-01-02']);
    });
  }

  it('keeps the displayed text of a number formatted "(000) 000-0000" (never the float, never a date)', () => {
    const wb = expectOk(
      readWorkbook(
        workbookBytes({ S: [['Phone'], [{ n: 5551234567, z: PHONE_FORMAT }], [{ n: 123, z: '00000' }]] }),
        'f.xlsx',
      ),
    );
    expect(table(wb)).toEqual([
      [1, 'Phone'],
      [2, '(555) 123-4567'],
      [3, '00123'],
    ]);
  });

  it('reads a LibreOffice .xls and .ods with their sheets, formats and row numbers', () => {
    for (const name of ['phones.xls', 'phones.ods']) {
      const wb = expectOk(readWorkbook(fixture(name), name));
      expect(wb.sheets.map((s) => s.name)).toEqual(['Notes', 'Phones']);
      const rows = table(wb, 1);
      expect(rows.map((r) => r[0])).toEqual([1, 2, 4, 5, 6, 8, 9]);
      expect(rows[2]).toEqual([4, 'Cust #', 'Customer Name', 'Telephone', 'Ext.', 'Phone Type']);
      expect(rows[3]).toEqual([5, '00123', 'Müller GmbH', '(555) 123-4567', '', 'Office']);
      expect(rows[5]).toEqual([8, '00125', 'Zeta', '555-222-3333 x19', '', 'Fax']);
      expect(rows[6]?.[3]).toBe('441234567890123');
    }
  });

  it('reports progress from 0 to 1 without going back', () => {
    const seen: ReadProgress[] = [];
    expectOk(readWorkbook(workbookBytes({ A: messy, B: messy }), 'p.xlsx', (p) => seen.push(p)));
    const fractions = seen.map((p) => p.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('marks hidden sheets', () => {
    const bytes = workbookBytes({ Secret: [['x']], Shown: [['y']] });
    const wb = XLSX.read(bytes, { type: 'array' });
    wb.Workbook = {
      Sheets: [
        { name: 'Secret', Hidden: 1 },
        { name: 'Shown', Hidden: 0 },
      ],
    };
    const out = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(expectOk(readWorkbook(out, 'h.xlsx')).sheets.map((s) => s.hidden)).toEqual([true, false]);
  });
});

describe('readWorkbook: text files', () => {
  it('keeps every cell as text: leading zeros, exponents, dates and spaces stay as written', () => {
    const wb = expectOk(
      readWorkbook(utf8('Cust,Phone,Note\r\n00123,1E5,2024-01-02\r\n0042, 555 1234 ,TRUE\r\n'), 'a.csv'),
    );
    expect(wb.delimiter).toBe(',');
    expect(table(wb)).toEqual([
      [1, 'Cust', 'Phone', 'Note'],
      [2, '00123', '1E5', '2024-01-02'],
      [3, '0042', ' 555 1234 ', 'TRUE'],
    ]);
  });

  it('sniffs semicolon and tab delimiters, ignoring delimiters inside quotes and title lines', () => {
    const semi = expectOk(
      readWorkbook(utf8('Phone list\n"Name, first";Phone;Type\n"Müller, A";555,1234;Office\nB;5;Fax\n'), 's.csv'),
    );
    expect(semi.delimiter).toBe(';');
    expect(table(semi)[2]).toEqual([3, 'Müller, A', '555,1234', 'Office']);
    const tab = expectOk(readWorkbook(utf8('Cust\tPhone\n1\t555, 1234\n2\t555\n'), 't.txt'));
    expect(tab.delimiter).toBe('\t');
    expect(table(tab)[1]).toEqual([2, '1', '555, 1234']);
  });

  it('handles quotes, doubled quotes, line breaks inside cells, CR/LF/CRLF and blank lines', () => {
    const text = 'a,"b ""x""",c\r"multi\nline",2,3\r\n\r\n,,\nlast,"",end';
    const wb = expectOk(readWorkbook(utf8(text), 'q.csv'));
    // Row numbers count records as Excel does: the blank record (3) and the empty-cells one (4) are skipped.
    expect(table(wb)).toEqual([
      [1, 'a', 'b "x"', 'c'],
      [2, 'multi\nline', '2', '3'],
      [5, 'last', '', 'end'],
    ]);
  });

  it('notes an unclosed quote instead of failing', () => {
    const wb = expectOk(readWorkbook(utf8('a,b\n1,"open\n2,3\n'), 'u.csv'));
    expect(table(wb)).toEqual([
      [1, 'a', 'b'],
      [2, '1', 'open\n2,3\n'],
    ]);
    expect(wb.notes[0]).toMatch(/Row 2 opens a quote/);
  });

  it('decodes UTF-8 with a BOM, UTF-16 LE/BE with a BOM, BOM-less UTF-16 and Windows-1252', () => {
    const text = 'Name;Phone\nMüller – Café;555\n';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const beBody = Buffer.from(text, 'utf16le').swap16();
    const be = new Uint8Array([0xfe, 0xff, ...beBody]);
    const bomlessLe = new Uint8Array(Buffer.from(text, 'utf16le'));
    // Windows-1252: ü = 0xFC, – (en dash) = 0x96, é = 0xE9.
    const cp1252 = new Uint8Array([
      ...Buffer.from('Name;Phone\nM'),
      0xfc,
      ...Buffer.from('ller '),
      0x96,
      ...Buffer.from(' Caf'),
      0xe9,
      ...Buffer.from(';555\n'),
    ]);
    const cases: [Uint8Array, string][] = [
      [bom, 'utf-8'],
      [le, 'utf-16le'],
      [be, 'utf-16be'],
      [bomlessLe, 'utf-16le'],
      [cp1252, 'windows-1252'],
    ];
    for (const [bytes, encoding] of cases) {
      const wb = expectOk(readWorkbook(bytes, 'enc.csv'));
      expect(wb.encoding).toBe(encoding);
      expect(table(wb)).toEqual([
        [1, 'Name', 'Phone'],
        [2, 'Müller – Café', '555'],
      ]);
    }
  });

  it('reads a UTF-16 "Unicode text" export named .txt and a tab-separated file named .xls', () => {
    const text = 'Cust\tPhone\n00123\t555-1234\n';
    const unicodeTxt = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect(table(expectOk(readWorkbook(unicodeTxt, 'export.txt')))).toEqual([
      [1, 'Cust', 'Phone'],
      [2, '00123', '555-1234'],
    ]);
    expect(table(expectOk(readWorkbook(utf8(text), 'web-export.xls')))).toEqual([
      [1, 'Cust', 'Phone'],
      [2, '00123', '555-1234'],
    ]);
  });

  it('reads a workbook that was saved with a .csv name for what it is', () => {
    const wb = expectOk(
      readWorkbook(workbookBytes({ S: [['Phone'], [{ n: 5551234567, z: PHONE_FORMAT }]] }), 'really-xlsx.csv'),
    );
    expect(table(wb)).toEqual([
      [1, 'Phone'],
      [2, '(555) 123-4567'],
    ]);
  });
});

describe('readWorkbook: bad files get one line naming the file', () => {
  const refuse = (bytes: Uint8Array, name: string) => {
    const e = errorOf(readWorkbook(bytes, name));
    expect(e.kind).toBe('validation');
    expect(e.message).toContain(`"${name}"`);
    expect(e.message).not.toContain('\n');
    return e.message;
  };

  it('empty file', () => {
    expect(refuse(new Uint8Array(0), 'empty.xlsx')).toMatch(/is empty/);
    expect(refuse(utf8('\r\n\r\n ,, \n'), 'blank.csv')).toMatch(/has no data/);
    expect(refuse(workbookBytes({ A: [], B: [[null]] }), 'blank.xlsx')).toMatch(/has no data: every sheet is empty/);
  });

  it('corrupt zip', () => {
    const good = workbookBytes({ S: messy });
    const broken = good.slice(0, Math.floor(good.length / 2));
    expect(refuse(broken, 'broken.xlsx')).toMatch(/is damaged or is not a real Excel workbook/);
    const garbled = good.slice();
    for (let i = 200; i < garbled.length - 200; i += 7) garbled[i] = (garbled[i] as number) ^ 0x5a;
    expect(refuse(garbled, 'garbled.xlsx')).toMatch(/damaged/);
  });

  it('a PNG, a PDF and a text file renamed .xlsx', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
    ]);
    expect(refuse(png, 'photo.xlsx')).toBe('"photo.xlsx" is a PNG image, not a spreadsheet.');
    expect(refuse(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'invoice.xlsx')).toMatch(/is a PDF document, not a spreadsheet/);
    expect(refuse(utf8('Cust,Phone\n1,555\n'), 'list.xlsx')).toMatch(
      /is a text file, not a workbook: .* rename it to \.csv/,
    );
    expect(refuse(png, 'photo.csv')).toMatch(/is a PNG image/);
    expect(refuse(new Uint8Array([1, 2, 3, 0, 0, 0, 5, 6, 7, 8, 0, 0, 0, 0, 9]), 'blob.ods')).toMatch(
      /unrecognised binary file/,
    );
  });

  it('a file type the importer does not open', () => {
    expect(refuse(utf8('x'), 'notes.docx')).toMatch(/use \.xlsx, \.xlsm, \.xls, \.ods, \.csv or \.txt/);
  });

  it('password-protected: real LibreOffice .xls and .ods, and an encrypted OOXML container', () => {
    const expected = (name: string) => `"${name}" is password-protected: remove the password in Excel and save again.`;
    expect(refuse(fixture('encrypted.xls'), 'encrypted.xls')).toBe(expected('encrypted.xls'));
    expect(refuse(fixture('encrypted.ods'), 'encrypted.ods')).toBe(expected('encrypted.ods'));
    // Excel saves a protected .xlsx as a CFB container holding these two streams.
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(
      cfb,
      'EncryptionInfo',
      new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, ...utf8('<?xml version="1.0"?><encryption/>')]),
    );
    CFB.utils.cfb_add(cfb, 'EncryptedPackage', new Uint8Array(4096).fill(0xa5));
    const bytes = new Uint8Array(CFB.write(cfb, { type: 'array' }));
    expect(refuse(bytes, 'locked.xlsx')).toBe(expected('locked.xlsx'));
  });

  it('too big: refused by size before reading', () => {
    const bytes = utf8('a,b\n1,2\n');
    expect(MAX_FILE_BYTES).toBe(100 * 1024 * 1024);
    const e = errorOf(readWorkbook(bytes, 'big.csv', undefined, { limits: { maxBytes: 4 } }));
    expect(e.message).toMatch(
      /^"big.csv" is .* MB, more than the .* MB the importer opens: split it into smaller files\.$/,
    );
  });

  it('too many rows: refused (limit lowered for speed), for text and for workbooks', () => {
    expect(MAX_ROWS).toBe(1_000_000);
    const csv = utf8(Array.from({ length: 12 }, (_, i) => `${i},555\n\n`).join(''));
    expect(expectOk(readWorkbook(csv, 'ok.csv', undefined, { limits: { maxRows: 12 } })).sheets[0]?.rowCount).toBe(12);
    expect(errorOf(readWorkbook(csv, 'many.csv', undefined, { limits: { maxRows: 11 } })).message).toBe(
      'Sheet "many" in "many.csv" has more than 11 rows, the most the importer reads: split it into smaller files.',
    );
    const xlsx = workbookBytes({ Data: Array.from({ length: 12 }, (_, i) => [i, 'x']) });
    expect(errorOf(readWorkbook(xlsx, 'many.xlsx', undefined, { limits: { maxRows: 11 } })).message).toMatch(
      /Sheet "Data" in "many.xlsx" has more than 11 rows/,
    );
  });

  it('the default row limit stops a 1,000,001-row CSV', { timeout: 20_000 }, () => {
    const line = '1,2\n';
    const csv = utf8(line.repeat(MAX_ROWS + 1));
    expect(errorOf(readWorkbook(csv, 'huge.csv')).message).toMatch(/has more than 1,000,000 rows/);
  });

  it("a 5 MB single cell is read and cut to Excel's cell limit with a note", () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const csv = expectOk(readWorkbook(utf8(`Phone,Note\n555,"${big}"\n556,${big}\n`), 'big-cell.csv'));
    const xlsx = expectOk(
      readWorkbook(
        xlsxWithOversizedCell(
          [
            ['Phone', 'Note'],
            ['555', 'PLACEHOLDER'],
          ],
          'PLACEHOLDER',
          big,
        ),
        'big-cell.xlsx',
      ),
    );
    for (const wb of [csv, xlsx]) {
      expect(wb.sheets[0]?.rows[1]?.cells[1]?.length).toBe(MAX_CELL_CHARS);
      expect(wb.notes[0]).toMatch(/cell B2 holds 5,242,880 characters; only the first 32,767 are kept/);
    }
  });
});
