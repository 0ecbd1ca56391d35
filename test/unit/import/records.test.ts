import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/domain/job.js';
import type { PhoneRecord, SourceRecord } from '../../../shared/domain/phone-record.js';
import { judgeRows, judgeSheetRows, toRowStatus } from '../../../shared/records/judge-rows.js';
import { headerLabels, mapRows } from '../../../shared/records/map-rows.js';
import { formatPhone, splitExtension, tidy, tidyExtension } from '../../../shared/records/normalise.js';
import type { RecordProblem, RecordStatus } from '../../../shared/records/problems.js';
import { validateRecords, type CheckedRecord } from '../../../shared/records/validate.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';
import { HEADER_CELLS, MAPPING } from './record-fixtures.js';
import { expectOk } from './workbook-files.js';

const HEADER: SheetRow = { row: 3, cells: [...HEADER_CELLS] };

function source(row: number, r: Partial<PhoneRecord>): SourceRecord {
  const record: PhoneRecord = {
    CustomerNumber: 'C1',
    PhoneNumber: '555-123-4567',
    PhoneExtension: '',
    PhoneTypeName: 'Office',
    ...r,
  };
  return {
    row,
    cells: [record.CustomerNumber, record.PhoneNumber, record.PhoneExtension, record.PhoneTypeName],
    record,
  };
}

function countStatuses(records: readonly { status: RecordStatus }[]): Record<RecordStatus, number> {
  const counts: Record<RecordStatus, number> = { ok: 0, warning: 0, invalid: 0, duplicate: 0 };
  for (const r of records) counts[r.status]++;
  return counts;
}

function one(r: Partial<PhoneRecord>, knownPhoneTypes: string[] = []): CheckedRecord {
  return validateRecords([source(7, r)], { knownPhoneTypes })[0] as CheckedRecord;
}

const codes = (c: CheckedRecord) => c.problems.map((p) => p.code);

describe('normalisation', () => {
  it('trims and collapses inner whitespace, including tabs, line breaks and no-break spaces', () => {
    expect(tidy('  Acme \t Ltd\n\u00a0 ')).toBe('Acme Ltd');
    expect(tidy('plain')).toBe('plain');
  });

  it('splits an extension written inside the phone cell', () => {
    expect(splitExtension('555-123-4567 x204')).toEqual({ phone: '555-123-4567', extension: '204' });
    expect(splitExtension('555-123-4567x204')).toEqual({ phone: '555-123-4567', extension: '204' });
    expect(splitExtension('(555) 123-4567 ext. 19')).toEqual({ phone: '(555) 123-4567', extension: '19' });
    expect(splitExtension('555 123 4567, Ext: 7')).toEqual({ phone: '555 123 4567', extension: '7' });
    expect(splitExtension('555-123-4567 #12')).toEqual({ phone: '555-123-4567', extension: '12' });
    expect(splitExtension('555-123-4567 ext 5')).toEqual({ phone: '555-123-4567', extension: '5' });
    expect(splitExtension('+44 20 7946 0958 extension 3001')).toEqual({ phone: '+44 20 7946 0958', extension: '3001' });
    for (const none of ['555-123-4567', '1-800-FLOWERS', 'x204', '555 box 5', 'ext. 19'])
      expect(splitExtension(none)).toBeNull();
  });

  it('strips a marker repeated in the extension column', () => {
    expect(tidyExtension(' x204 ')).toBe('204');
    expect(tidyExtension('Ext. 19')).toBe('19');
    expect(tidyExtension('19')).toBe('19');
  });

  it('formats to E.164 or national only when asked, leaving unreadable numbers alone', () => {
    expect(formatPhone('(555) 123-4567', {})).toBe('(555) 123-4567');
    expect(formatPhone('(212) 555-0123', { phoneFormat: 'e164', defaultCountry: 'US' })).toBe('+12125550123');
    expect(formatPhone('+44 20 7946 0958', { phoneFormat: 'national' })).toBe('020 7946 0958');
    expect(formatPhone('n/a', { phoneFormat: 'e164', defaultCountry: 'US' })).toBe('n/a');
    // "00" dialled from Europe, read with a US default: still the UK number, not +1 0044….
    expect(formatPhone('0044 20 7946 0958', { phoneFormat: 'e164', defaultCountry: 'US' })).toBe('+442079460958');
    // Not a real number in any reading: left as typed for the user to look at.
    expect(formatPhone('555-0100', { phoneFormat: 'e164', defaultCountry: 'US' })).toBe('555-0100');
  });

  it('mapRows: columns and constants, tidy values, extension split only when the row has none', () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ['Title'] },
      HEADER,
      { row: 4, cells: [' 00123 ', '555-123-4567 x204', '', 'Office'] },
      { row: 6, cells: ['00124', '555-123-4567 x204', '9', 'Office'] },
      { row: 7, cells: ['00125', '(212)  555-0123'] },
    ];
    const typeConstant: Mapping = { ...MAPPING, PhoneTypeName: { kind: 'constant', value: ' Main ' } };
    const out = expectOk(mapRows(rows, 1, typeConstant));
    expect(out.map((r) => [r.row, r.record])).toEqual([
      [4, { CustomerNumber: '00123', PhoneNumber: '555-123-4567', PhoneExtension: '204', PhoneTypeName: 'Main' }],
      [6, { CustomerNumber: '00124', PhoneNumber: '555-123-4567 x204', PhoneExtension: '9', PhoneTypeName: 'Main' }],
      [7, { CustomerNumber: '00125', PhoneNumber: '(212) 555-0123', PhoneExtension: '', PhoneTypeName: 'Main' }],
    ]);
    // The original cells go along untouched, for the report.
    expect(out[0]?.cells).toEqual([' 00123 ', '555-123-4567 x204', '', 'Office']);
    const noExt = expectOk(
      mapRows(rows, 1, { ...MAPPING, PhoneExtension: { kind: 'none' } }, { phoneFormat: 'e164', defaultCountry: 'US' }),
    );
    expect(noExt[2]?.record.PhoneNumber).toBe('+12125550123');
  });
});

describe('validation rules', () => {
  it('a clean record is ok', () => {
    expect(one({})).toMatchObject({ status: 'ok', problems: [] });
  });

  it('customer number, phone number and phone type are required; each problem says row, field, what and what to do', () => {
    const c = one({ CustomerNumber: '', PhoneNumber: '', PhoneTypeName: '' });
    expect(c.status).toBe('invalid');
    expect(c.problems.map((p) => [p.row, p.field, p.severity, p.code])).toEqual([
      [7, 'CustomerNumber', 'error', 'required'],
      [7, 'PhoneNumber', 'error', 'required'],
      [7, 'PhoneTypeName', 'error', 'required'],
    ]);
    expect(c.problems[0]).toMatchObject({
      message: 'Customer number is empty.',
      fix: "Fill in the customer's number as Wasp shows it, or exclude the row.",
    });
  });

  it('a phone must contain digits and no letters beyond an extension marker', () => {
    expect(one({ PhoneNumber: 'n/a' })).toMatchObject({ status: 'invalid' });
    expect(codes(one({ PhoneNumber: 'n/a' }))).toEqual(['phone-no-digits']);
    expect(codes(one({ PhoneNumber: '1-800-FLOWERS' }))).toEqual(['phone-letters']);
    expect(one({ PhoneNumber: '1-800-FLOWERS' }).problems[0]?.message).toBe(
      'Phone number "1-800-FLOWERS" contains letters.',
    );
    expect(one({ PhoneNumber: '555-123-4567 ext. 9' }).status).toBe('ok');
    expect(one({ PhoneNumber: '+1 (555) 123-4567' }).status).toBe('ok');
  });

  it('warns below 7 and above 15 digits', () => {
    expect(one({ PhoneNumber: '123456' })).toMatchObject({ status: 'warning' });
    expect(codes(one({ PhoneNumber: '123456' }))).toEqual(['phone-too-short']);
    expect(codes(one({ PhoneNumber: '1234567' }))).toEqual([]);
    expect(codes(one({ PhoneNumber: '123456789012345' }))).toEqual([]);
    expect(codes(one({ PhoneNumber: '+1234567890123456' }))).toEqual(['phone-too-long']);
    expect(one({ PhoneNumber: '123456' }).problems[0]?.message).toBe(
      'Phone number "123456" has 6 digits; phone numbers usually have 7 to 15.',
    );
  });

  it('warns about an extension given twice or holding non-digits', () => {
    expect(codes(one({ PhoneNumber: '555-123-4567 x1', PhoneExtension: '2' }))).toEqual(['extension-twice']);
    expect(codes(one({ PhoneExtension: '12a' }))).toEqual(['extension-not-digits']);
  });

  it('fields longer than Wasp takes are invalid', () => {
    expect(codes(one({ CustomerNumber: 'x'.repeat(257) }))).toEqual(['too-long']);
    expect(one({ CustomerNumber: 'x'.repeat(257) }).problems[0]?.message).toBe(
      'Customer number is 257 characters long; Wasp takes at most 256.',
    );
  });

  it('every field is checked for length and hidden characters, and a letter outside ASCII is still a letter', () => {
    // The checks skip their per-field loops for a row with nothing to find: each field must still be seen.
    expect(codes(one({ PhoneExtension: '1'.repeat(257) }))).toEqual(['too-long']);
    expect(codes(one({ PhoneTypeName: 'T'.repeat(257) }))).toEqual(['too-long']);
    expect(codes(one({ PhoneExtension: '12\u0007' }))).toEqual(['control-characters', 'extension-not-digits']);
    expect(one({ PhoneTypeName: 'Off\u202eice' }).problems.map((p) => [p.field, p.code])).toEqual([
      ['PhoneTypeName', 'control-characters'],
    ]);
    expect(
      one({ CustomerNumber: 'C\u0000'.repeat(200), PhoneNumber: '' }).problems.map((p) => [p.field, p.code]),
    ).toEqual([
      ['PhoneNumber', 'required'],
      ['CustomerNumber', 'too-long'],
      ['CustomerNumber', 'control-characters'],
    ]);
    expect(codes(one({ PhoneNumber: '555 123 ЖЖЖЖ' }))).toEqual(['phone-letters']);
    expect(codes(one({ PhoneNumber: '٥٥٥١٢٣٤٥٦٧' }))).toEqual(['phone-no-digits']);
  });

  it('warns about phone types not in the known list (case-insensitive), suggesting a near one; no list, no warning', () => {
    const known = ['Office', 'Mobile', 'Fax'];
    expect(one({ PhoneTypeName: 'office' }, known).status).toBe('ok');
    const typo = one({ PhoneTypeName: 'Ofice' }, known);
    expect(typo).toMatchObject({ status: 'warning' });
    expect(typo.problems[0]).toMatchObject({
      field: 'PhoneTypeName',
      code: 'unknown-phone-type',
      fix: 'Did you mean "Office"? Otherwise check it exists in Wasp and add it to the known types.',
    });
    expect(one({ PhoneTypeName: 'Pager' }, known).problems[0]?.fix).toBe(
      'Use a known type (Office, Mobile, Fax), or check it exists in Wasp and add it to the known types.',
    );
    expect(one({ PhoneTypeName: 'Pager' }, []).status).toBe('ok');
  });

  it('with E.164 asked for, a number that could not be converted is questioned', () => {
    const r = validateRecords(
      [source(2, { PhoneNumber: '555-1234567' }), source(3, { PhoneNumber: '+15551234567', CustomerNumber: 'C2' })],
      { phoneFormat: 'e164' },
    );
    expect(r.map(codes)).toEqual([['phone-not-international'], []]);
  });
});

describe('duplicates and numbers that may overwrite each other', () => {
  it('flags exact duplicates after the first; only the first is sent', () => {
    const r = validateRecords([source(4, {}), source(5, { CustomerNumber: 'C2' }), source(9, {}), source(12, {})]);
    expect(r.map((c) => c.status)).toEqual(['ok', 'ok', 'duplicate', 'duplicate']);
    expect(r[2]?.problems[0]).toMatchObject({
      row: 9,
      field: null,
      code: 'duplicate',
      message: 'Same customer, phone number, extension and type as row 4.',
      fix: 'Nothing to do: only row 4 is sent.',
    });
    expect(r.map((c) => toRowStatus(c.status))).toEqual(['pending', 'pending', 'skipped', 'skipped']);
  });

  it('a duplicate of a later row of its customer and type names that row, and case alone does not make one', () => {
    const r = validateRecords([
      source(4, {}),
      source(5, { CustomerNumber: 'C2' }),
      source(6, { PhoneNumber: '555-999-0000' }),
      source(7, { PhoneTypeName: 'office' }),
      source(8, { PhoneNumber: '555-999-0000' }),
      source(9, { PhoneTypeName: 'office' }),
      source(10, { CustomerNumber: 'C2' }),
    ]);
    expect(r.map((c) => [c.row, c.status])).toEqual([
      [4, 'warning'],
      [5, 'ok'],
      [6, 'warning'],
      [7, 'warning'],
      [8, 'duplicate'],
      [9, 'duplicate'],
      [10, 'duplicate'],
    ]);
    expect(r.slice(4).map((c) => c.problems.at(-1)?.message)).toEqual([
      'Same customer, phone number, extension and type as row 6.',
      'Same customer, phone number, extension and type as row 7.',
      'Same customer, phone number, extension and type as row 5.',
    ]);
  });

  it('a different extension or type is not a duplicate; invalid rows are never "the first"', () => {
    const r = validateRecords([
      source(4, { PhoneTypeName: '' }),
      source(5, { PhoneTypeName: '' }),
      source(6, { PhoneExtension: '1' }),
      source(7, {}),
    ]);
    expect(r.map((c) => c.status)).toEqual(['invalid', 'invalid', 'warning', 'warning']);
  });

  it('warns when the same customer and type get different numbers, on every row involved', () => {
    const r = validateRecords([
      source(4, {}),
      source(5, { PhoneNumber: '555-999-0000' }),
      source(6, { PhoneNumber: '(555) 123-4567' }),
      source(7, { PhoneTypeName: 'Fax', PhoneNumber: '1' }),
    ]);
    expect(r.map((c) => [c.status, ...codes(c)])).toEqual([
      ['warning', 'may-overwrite'],
      ['warning', 'may-overwrite'],
      // Same digits written differently: not a conflict, and not an exact duplicate either.
      ['warning', 'may-overwrite'],
      ['warning', 'phone-too-short'],
    ]);
    expect(r[0]?.problems[0]?.message).toBe(
      'Customer "C1" also has a "Office" number "555-999-0000" in row 5: one may overwrite the other in Wasp.',
    );
    expect(r[1]?.problems[0]?.message).toContain('in row 4');
    expect(r[2]?.problems[0]?.message).toContain('in row 5');
  });

  it('excluded rows are checked on their own but never make another row a duplicate or a conflict', () => {
    const records = [source(4, {}), source(5, {}), source(6, { PhoneNumber: '555-000-1111' })];
    const r = validateRecords(records, { excludedRows: new Set([4, 6]) });
    expect(r.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    // Main gets the same verdicts for the included rows whether or not the excluded ones come along.
    const included = validateRecords([records[1] as SourceRecord]);
    expect(included.map((c) => c.status)).toEqual([r[1]?.status]);
  });
});

describe('preview and main re-validation', () => {
  const rows: SheetRow[] = [
    { row: 1, cells: ['Phones'] },
    HEADER,
    { row: 4, cells: ['00123', '(555) 123-4567', '', 'Office'] },
    { row: 5, cells: ['00124', 'n/a', '', 'Office'] },
    { row: 6, cells: ['00123', '(555) 123-4567', '', 'Office'] },
    { row: 8, cells: ['00125', '12345', '', 'Pager'] },
  ];

  it('the check gives { row, cells, record, status, problems } per data row', () => {
    const preview = validateRecords(expectOk(mapRows(rows, 1, MAPPING)), { knownPhoneTypes: ['Office'] });
    expect(preview.map((p) => [p.row, p.status])).toEqual([
      [4, 'ok'],
      [5, 'invalid'],
      [6, 'duplicate'],
      [8, 'warning'],
    ]);
    expect(preview[3]?.problems.map((p: RecordProblem) => p.code)).toEqual(['phone-too-short', 'unknown-phone-type']);
    expect(countStatuses(preview)).toEqual({ ok: 1, warning: 1, invalid: 1, duplicate: 1 });
  });

  it('judgeRows (main) reaches the same verdicts from the SourceRecords alone, with reasons', () => {
    const preview = validateRecords(expectOk(mapRows(rows, 1, MAPPING)), { knownPhoneTypes: ['Office'] });
    const received = preview.map(({ row, cells, record }) => ({ row, cells, record }));
    const verdicts = judgeRows(received, ['Office']);
    expect(verdicts.map((v) => v.status)).toEqual(preview.map((p) => toRowStatus(p.status)));
    expect(verdicts[1]).toEqual({
      status: 'invalid',
      message: 'Phone number "n/a" has no digits. Type the number with digits, or exclude the row.',
    });
    expect(verdicts[2]).toEqual({
      status: 'skipped',
      message: 'Same customer, phone number, extension and type as row 4. Nothing to do: only row 4 is sent.',
    });
    expect(judgeRows([{ ...(received[0] as SourceRecord), excluded: true }, received[2] as SourceRecord], [])).toEqual([
      { status: 'skipped', message: 'Excluded by the user.' },
      { status: 'pending' },
    ]);
  });

  // How fast is bench:import's and bench:scale's business; this checks the verdicts at that size.
  it('maps and validates 100,000 rows with the right verdicts', () => {
    const big: SheetRow[] = [HEADER];
    for (let i = 0; i < 100_000; i++) {
      // Mostly one number per customer and type, with a duplicate every hundred rows.
      const customer = i % 100 === 99 ? i - 1 : i;
      big.push({
        row: i + 4,
        cells: [
          `C${customer}`,
          `(555) ${String(1_000_000 + customer).slice(1, 4)}-${String(customer).padStart(4, '0')}`,
          customer % 10 === 0 ? String(customer % 100) : '',
          'Office',
        ],
      });
    }
    const judged = expectOk(
      judgeSheetRows(big, 0, headerLabels(big, 0), MAPPING, { knownPhoneTypes: ['Office', 'Mobile'] }),
    );
    expect(judged.records).toHaveLength(100_000);
    expect(countStatuses(validateRecords(judged.records, { knownPhoneTypes: ['Office', 'Mobile'] }))).toEqual({
      ok: 99_000,
      warning: 0,
      invalid: 0,
      duplicate: 1_000,
    });
    const skipped = judged.verdicts.flatMap((v, i) => (v.status === 'skipped' ? [judged.records[i]!.row] : []));
    expect(judged.verdicts.filter((v) => v.status === 'pending')).toHaveLength(99_000);
    expect(skipped).toHaveLength(1_000);
    // Every hundredth customer repeats the one before it: the second of each pair is the one skipped.
    expect(skipped.slice(0, 2)).toEqual([99 + 4, 199 + 4]);
  });
});

describe('validateEachInSlices', () => {
  it('reaches exactly the verdicts of validateRecords, pausing between slices', async () => {
    const { validateRecords, validateEachInSlices } = await import('../../../shared/records/validate.js');
    const types = ['Office', 'Mobile', 'Pager'];
    const rows = Array.from({ length: 2_345 }, (_, i) => ({
      row: i + 2,
      cells: [],
      record: {
        CustomerNumber: i % 97 === 0 ? '' : `C${i % 1_500}`,
        PhoneNumber: i % 89 === 0 ? 'call me' : `555-${String(i % 1_200).padStart(4, '0')}`,
        PhoneExtension: '',
        PhoneTypeName: types[i % 3]!,
      },
    }));
    // Exact copies further down: only the first of each is sent.
    rows.push({ ...rows[100]!, row: 5_000 }, { ...rows[200]!, row: 5_001 });
    const options = { knownPhoneTypes: ['Office', 'Mobile'], excludedRows: new Set([10, 20, 30]) };
    let pauses = 0;
    const sliced = await validateEachInSlices(
      rows.length,
      (i) => rows[i]!,
      options,
      async () => void pauses++,
      500,
    );
    // At least one pause per 500 rows checked (and grouped with the rows before them), one between the
    // passes, and one per 500 rows of the pass that warns of other numbers (more when a slice runs out of time).
    expect(pauses).toBeGreaterThanOrEqual(9);
    expect(sliced).toEqual(validateRecords(rows, options));
    expect(new Set(sliced.map((r) => r.status))).toEqual(new Set(['ok', 'warning', 'invalid', 'duplicate']));
  });
});
