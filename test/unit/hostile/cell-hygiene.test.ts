import { describe, expect, it } from 'vitest';
import { mapRows, validateRecords } from '../../../shared/records/index.js';
import { readWorkbook } from '../../../shared/spreadsheet/index.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';

const MAPPING: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'column', column: 'Type' },
};

function check(cells: string[][]) {
  const rows: SheetRow[] = [
    { row: 1, cells: ['Customer', 'Phone', 'Type'] },
    ...cells.map((c, i) => ({ row: i + 2, cells: c })),
  ];
  const mapped = mapRows(rows, 0, MAPPING);
  if (!mapped.ok) throw new Error(mapped.error.message);
  return validateRecords(mapped.value);
}

describe('D10: cells with control characters', () => {
  it.each([
    ['a NUL inside the customer number', ['C1\u0000', '555 123 4567', 'Office'], 'CustomerNumber'],
    ['a NUL inside the phone', ['C1', '555\u0000123 4567', 'Office'], 'PhoneNumber'],
    ['a bell character in the type', ['C1', '555 123 4567', 'Off\u0007ice'], 'PhoneTypeName'],
    ['a right-to-left override in the customer number', ['C\u202E1', '555 123 4567', 'Office'], 'CustomerNumber'],
  ])('%s is flagged and the row is not sent', (_name, cells, field) => {
    const [r] = check([cells]);
    expect(r!.status).toBe('invalid');
    expect(r!.problems).toContainEqual(
      expect.objectContaining({ field, code: 'control-characters', severity: 'error' }),
    );
  });

  it('tabs and line breaks inside a cell are still just whitespace', () => {
    expect(check([['C1', '555\t123\n4567', 'Office']])[0]!.status).toBe('ok');
  });
});

describe('D10: a phone that would be a formula', () => {
  it.each([['\t=1+1'], ['=HYPERLINK("http://x")'], ['@SUM(A1)'], [' -5551234567'], ['+1+1'], ['+=1']])(
    '%j is invalid',
    (phone) => {
      const [r] = check([['C1', phone, 'Office']]);
      expect(r!.status).toBe('invalid');
      expect(r!.problems).toContainEqual(expect.objectContaining({ field: 'PhoneNumber', code: 'phone-formula' }));
    },
  );

  it.each([['+44 20 7946 0958'], ['+1 (555) 010-0100'], ['(555) 010-0100'], ['555-010-0100 x12']])(
    '%j is still a phone number',
    (phone) => {
      const [r] = check([['C1', phone, 'Office']]);
      expect(r!.problems.filter((p) => p.code === 'phone-formula')).toEqual([]);
    },
  );
});

describe('D10: text files that are not quite UTF-8', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  it('one invalid byte in a UTF-8 file: read as UTF-8 (Müller stays Müller) with a note naming the first bad row', () => {
    const bytes = join(
      utf8('Customer,Phone,Type\nMüller,555 123 4567,Office\nJosé,555 123 4568,Office\nC3,555 '),
      new Uint8Array([0xff]),
      utf8('123 4569,Office\n'),
    );
    const r = readWorkbook(bytes, 'phones.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.encoding).toBe('utf-8');
    expect(r.value.sheets[0]!.rows[1]!.cells[0]).toBe('Müller');
    expect(r.value.sheets[0]!.rows[2]!.cells[0]).toBe('José');
    expect(r.value.notes.join('\n')).toMatch(/Row 4 .*not valid UTF-8/);
  });

  it('a Windows-1252 file is read as such, and the guess is shown', () => {
    const bytes = join(utf8('Customer,Phone,Type\nM'), new Uint8Array([0xfc]), utf8('ller,555 123 4567,Office\n'));
    const r = readWorkbook(bytes, 'phones.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.encoding).toBe('windows-1252');
    expect(r.value.sheets[0]!.rows[1]!.cells[0]).toBe('Müller');
    expect(r.value.notes.join('\n')).toMatch(/Windows-1252/);
  });

  it('a clean UTF-8 file gets no note', () => {
    const r = readWorkbook(utf8('Customer,Phone,Type\nMüller,555 123 4567,Office\n'), 'phones.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.notes).toEqual([]);
  });
});
