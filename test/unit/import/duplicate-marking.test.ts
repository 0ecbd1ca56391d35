import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../../shared/domain/phone-record.js';
import { judgeRows, judgeSheetRows, toRowStatus } from '../../../shared/records/judge-rows.js';
import { headerLabels, mapRows } from '../../../shared/records/map-rows.js';
import type { RecordStatus } from '../../../shared/records/problems.js';
import { validateEachInSlices, validateRecords, type CheckedRecord } from '../../../shared/records/validate.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';
import { HEADER_CELLS, MAPPING } from './record-fixtures.js';
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
 * with another number, the same number written differently and case-only differences (in customers
 * and in types) all occur many times, near each other and hundreds of rows apart (across every batch
 * and slice boundary).
 */
function drawRecords(count: number, seed: number): SourceRecord[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  // 'n/a' is invalid (no digits); '555-12' and the extension 'ab' are warnings the row keeps when marked.
  const numbers = ['555-123-4567', '(555) 123-4567', '555 123 4568', '5551234569', 'n/a', '555-000-0000', '555-12'];
  const types = ['Office', 'office', 'Mobile', 'Fax'];
  return Array.from({ length: count }, (_, i) => {
    const customer = Math.floor(next() * 60);
    const record = {
      CustomerNumber: next() < 0.02 ? '' : `${next() < 0.3 ? 'c' : 'C'}${customer}`,
      PhoneNumber: pick(numbers),
      PhoneExtension: next() < 0.2 ? pick(['12', '7', 'ab']) : '',
      PhoneTypeName: pick(types),
    };
    return { row: i + 2, cells: [], record };
  });
}

const digitsOf = (phone: string): string => phone.replace(/\D+/g, '');

interface Marks {
  row: number;
  status: RecordStatus;
  /** Problem codes in order: the row's own, then what comparing it with other rows added. */
  codes: string[];
  /** The row a duplicate names as the one that is sent. */
  duplicateOf: number | null;
  /** The row a may-overwrite warning names. */
  partner: number | null;
}

/**
 * The duplicate and may-overwrite rules written the slow, obvious way (joined keys in Maps, every
 * group's rows compared in full), on top of each row's own check (`alone`).
 */
function reference(records: readonly SourceRecord[], alone: readonly CheckedRecord[], excluded: Set<number>): Marks[] {
  const takesPart = (i: number) => alone[i]!.status !== 'invalid' && !excluded.has(records[i]!.row);
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
  const numberOf = (i: number) => `${digitsOf(records[i]!.record.PhoneNumber)}x${records[i]!.record.PhoneExtension}`;
  const groups = new Map<string, number[]>();
  records.forEach((s, i) => {
    if (!takesPart(i) || duplicateOf.has(i)) return;
    const key = `${s.record.CustomerNumber.toLowerCase()}\u0000${s.record.PhoneTypeName.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  // A group with more than one number warns every row in it, naming a row with another number: the
  // group's first row, or for rows with the first row's number, the first row with another.
  const partnerOf = new Map<number, number>();
  for (const members of groups.values()) {
    const head = members[0]!;
    const other = members.find((i) => numberOf(i) !== numberOf(head));
    if (other === undefined) continue;
    for (const i of members) partnerOf.set(i, numberOf(i) === numberOf(head) ? other : head);
  }
  return records.map((s, i): Marks => {
    const own = alone[i]!;
    const dup = duplicateOf.get(i);
    const partner = partnerOf.get(i);
    const codes = own.problems.map((p) => p.code as string);
    if (dup !== undefined) codes.push('duplicate');
    if (partner !== undefined) codes.push('may-overwrite');
    const status: RecordStatus =
      dup !== undefined ? 'duplicate' : partner !== undefined && own.status === 'ok' ? 'warning' : own.status;
    return {
      row: s.row,
      status,
      codes,
      duplicateOf: dup === undefined ? null : records[dup]!.row,
      partner: partner === undefined ? null : records[partner]!.row,
    };
  });
}

function marks(checked: readonly CheckedRecord[]): Marks[] {
  return checked.map((c) => {
    const duplicate = c.problems.find((p) => p.code === 'duplicate');
    const overwrite = c.problems.find((p) => p.code === 'may-overwrite');
    return {
      row: c.row,
      status: c.status,
      codes: c.problems.map((p) => p.code as string),
      duplicateOf: duplicate === undefined ? null : Number(/as row (\d+)\./.exec(duplicate.message)![1]),
      partner: overwrite === undefined ? null : Number(/ in row (\d+):/.exec(overwrite.message)![1]),
    };
  });
}

describe('duplicate and may-overwrite marking', () => {
  const records = drawRecords(3_000, 7);
  const excluded = new Set([5, 300, 301, 1_000, 2_999]);
  const options = { knownPhoneTypes: [], excludedRows: excluded };
  // Each row checked on its own: its own problems, before any row is compared with another.
  const alone = records.map((r) => validateRecords([r])[0]!);
  const expected = reference(records, alone, excluded);

  it('marks exactly the rows the obvious rules mark, across thousands of rows', () => {
    // The draw holds every case many times over, so a rule that marked nothing could not pass.
    expect(expected.filter((e) => e.duplicateOf !== null).length).toBeGreaterThan(500);
    expect(expected.filter((e) => e.partner !== null).length).toBeGreaterThan(500);
    expect(expected.filter((e) => e.status === 'ok').length).toBeGreaterThan(0);
    expect(expected.filter((e) => e.status === 'invalid').length).toBeGreaterThan(0);
    // Rows with warnings of their own that comparing them adds to, after their own.
    const marked = ['duplicate', 'may-overwrite'];
    expect(
      expected.filter((e) => e.codes.length > 1 && !marked.includes(e.codes[0]!) && marked.includes(e.codes.at(-1)!))
        .length,
    ).toBeGreaterThan(50);
    // Customers that differ only in case are in one group: some warnings name such a partner.
    const customerOfRow = new Map(records.map((r) => [r.row, r.record.CustomerNumber]));
    expect(
      expected.some((e, i) => e.partner !== null && customerOfRow.get(e.partner) !== records[i]!.record.CustomerNumber),
    ).toBe(true);
    const found = marks(validateRecords(records, options));
    for (let i = 0; i < records.length; i++) expect(found[i]).toEqual(expected[i]);
  });

  it('reaches the same verdicts when checked in slices', async () => {
    const sliced = await validateEachInSlices(
      records.length,
      (i) => records[i]!,
      options,
      () => Promise.resolve(),
      100,
    );
    expect(marks(sliced)).toEqual(expected);
    expect(sliced).toEqual(validateRecords(records, options));
  });

  it('groups customers as toLowerCase does, where lowering depends on the letters around or changes the length', () => {
    const rows: SourceRecord[] = [
      // A final capital sigma lowers to ς, not σ; İ lowers to i and a combining dot above.
      {
        row: 2,
        cells: [],
        record: { CustomerNumber: 'ΑΣ', PhoneNumber: '555-123-4567', PhoneExtension: '', PhoneTypeName: 'Office' },
      },
      {
        row: 3,
        cells: [],
        record: { CustomerNumber: 'ας', PhoneNumber: '555-123-9999', PhoneExtension: '', PhoneTypeName: 'Office' },
      },
      {
        row: 4,
        cells: [],
        record: { CustomerNumber: 'İ1', PhoneNumber: '555-123-4567', PhoneExtension: '', PhoneTypeName: 'Office' },
      },
      {
        row: 5,
        cells: [],
        record: {
          CustomerNumber: 'i\u03071',
          PhoneNumber: '555-123-9999',
          PhoneExtension: '',
          PhoneTypeName: 'Office',
        },
      },
    ];
    expect(rows[0]!.record.CustomerNumber.toLowerCase()).toBe(rows[1]!.record.CustomerNumber.toLowerCase());
    expect(rows[2]!.record.CustomerNumber.toLowerCase()).toBe(rows[3]!.record.CustomerNumber.toLowerCase());
    expect(marks(validateRecords(rows)).map((m) => [m.status, m.partner])).toEqual([
      ['warning', 3],
      ['warning', 2],
      ['warning', 5],
      ['warning', 4],
    ]);
  });
});

describe('judgeSheetRows', () => {
  const mapping = MAPPING;
  const header: SheetRow = { row: 2, cells: [...HEADER_CELLS] };
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
      // The verdicts as the Review screen's CheckedRecords say them, worked out here on their own:
      // invalid with its first error, a duplicate skipped with its reason, everything else pending.
      const fromChecked = validateRecords(mapped, { knownPhoneTypes }).map((c) => {
        const status = toRowStatus(c.status);
        const p = c.problems.find((x) => (status === 'invalid' ? x.severity === 'error' : x.code === 'duplicate'));
        return status === 'pending' ? { status } : { status, message: `${p!.message} ${p!.fix}` };
      });
      expect(judged.verdicts).toEqual(fromChecked);
    }
  });

  it('refuses a mapping the header does not have, as mapRows does', () => {
    const wrong: Mapping = { ...mapping, PhoneNumber: { kind: 'column', column: 'Shoe size' } };
    const judged = judgeSheetRows(sheet, 1, headerLabels(sheet, 1), wrong, { knownPhoneTypes: [] });
    const mapped = mapRows(sheet, 1, wrong);
    expect(judged.ok).toBe(false);
    expect(judged).toEqual(mapped);
  });
});
