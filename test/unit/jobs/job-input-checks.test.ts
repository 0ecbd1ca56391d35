import { describe, expect, it } from 'vitest';
import {
  checkNewJob,
  isPlainStorableRow,
  pageWindow,
  StorableRowSchema,
  type NewJob,
} from '../../../main/jobs/job-input-checks.js';
import { HEADERS, MAPPING, record } from '../../support/sending-fixtures.js';

const row = (n: number) => {
  const r = record(`C${n}`);
  return { row: n, cells: [r.CustomerNumber, r.PhoneNumber, '', r.PhoneTypeName], record: r };
};
const newJob = (patch: Partial<NewJob> = {}): NewJob => ({
  name: 'March customers',
  site: 'https://acme.waspinventorycloud.com',
  mapping: MAPPING,
  headers: HEADERS,
  rows: [row(2), row(3), row(4)],
  ...patch,
});
/** A row as a caller that does not follow the types might hand it over. */
const loose = (r: unknown) => r as ReturnType<typeof row>;

function problem(input: NewJob): { message: string; detail?: string | undefined } {
  const r = checkNewJob(input);
  if (r.ok) throw new Error('expected the job to be refused');
  expect(r.error.kind).toBe('validation');
  return r.error;
}

describe('checks on a new job', () => {
  it('a good job passes with its name trimmed, its site normalised and its headers as text', () => {
    const r = checkNewJob(newJob({ name: '  March  ', site: 'acme.waspinventorycloud.com/some/page' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ name: 'March', site: 'https://acme.waspinventorycloud.com', verdicts: undefined });
    expect(r.value.rows).toHaveLength(3);
  });

  it('names what is missing: a name, a usable site, rows', () => {
    expect(problem(newJob({ name: '   ' })).message).toBe('Give the job a name.');
    expect(problem(newJob({ site: 'http://example.com' })).message).toMatch(/http/i);
    expect(problem(newJob({ rows: [] })).message).toBe('The job has no rows.');
  });

  it('a malformed row is refused with its place in the job and the field at fault (the shared row schema)', () => {
    const bad = (r: unknown) => problem(newJob({ rows: [row(2), loose(r), row(4)] }));
    const noPhone = bad({
      row: 3,
      cells: [],
      record: { CustomerNumber: 'C3', PhoneExtension: '', PhoneTypeName: 'X' },
    });
    expect(noPhone.message).toMatch(/^Row 2 of the job cannot be stored: .*\(record\.PhoneNumber\)\.$/);
    expect(noPhone.detail).toBe('rows[1]');
    expect(bad({ ...row(3), row: 0 }).message).toMatch(/Row 2 .*\(row\)/);
    expect(bad({ ...row(3), row: 2.5 }).message).toMatch(/\(row\)/);
    expect(bad({ ...row(3), cells: ['a', 7] }).message).toMatch(/\(cells\.1\)/);
    expect(bad({ ...row(3), record: { ...row(3).record, PhoneTypeName: null } }).message).toMatch(
      /\(record\.PhoneTypeName\)/,
    );
    expect(bad({ ...row(3), record: { ...row(3).record, Pager: '1' } }).message).toMatch(/record/);
    expect(bad('row 3').message).toMatch(/^Row 2 of the job cannot be stored: /);
  });

  it('an over-long field or a wide row from a CLI sheet is stored: the record rules judge it, row by row', () => {
    const long = { ...row(3), record: { ...row(3).record, PhoneNumber: '1'.repeat(300) } };
    const wide = { ...row(4), cells: Array.from({ length: 1_500 }, (_, i) => `c${i}`) };
    expect(checkNewJob(newJob({ rows: [row(2), long, wide] })).ok).toBe(true);
  });

  it("what a window adds to a row (excluded) is not the queue's to store", () => {
    const r = checkNewJob(newJob({ rows: [{ ...row(2), excluded: true } as ReturnType<typeof row>] }));
    expect(r.ok).toBe(true);
  });

  it('verdicts, when given, are one per row', () => {
    const verdicts = [{ status: 'pending' as const }, { status: 'skipped' as const, message: 'Excluded by the user.' }];
    expect(problem(newJob({ verdicts })).message).toBe(
      'The job has 3 rows but 2 verdicts: every row needs one. Nothing was stored.',
    );
    const r = checkNewJob(newJob({ verdicts: [...verdicts, { status: 'invalid', message: 'No phone.' }] }));
    expect(r.ok && r.value.verdicts?.map((v) => v.status)).toEqual(['pending', 'skipped', 'invalid']);
  });
});

describe('a page window', () => {
  it('is whole rows from 0 on, at least one row long', () => {
    expect(pageWindow({ offset: 10, limit: 50 })).toEqual({ offset: 10, limit: 50 });
    expect(pageWindow({ offset: -3, limit: 0 })).toEqual({ offset: 0, limit: 1 });
    expect(pageWindow({ offset: 2.7, limit: 9.9 })).toEqual({ offset: 2, limit: 9 });
  });

  it('the fast path for plain rows never accepts a row the schema refuses, and does take the usual row', () => {
    const good = row(3);
    expect(isPlainStorableRow(good), 'the usual row skips zod').toBe(true);
    expect(
      isPlainStorableRow({ ...good, excluded: true }),
      "a window's extra key on the row is dropped, as zod drops it",
    ).toBe(true);
    const sparse: string[] = ['a'];
    sparse[2] = 'c';
    const withProto = Object.create({ Pager: '1' }) as Record<string, string>;
    Object.assign(withProto, good.record);
    const withGetter = { ...good.record };
    Object.defineProperty(withGetter, 'Hidden', { value: 'x', enumerable: false });
    const candidates: unknown[] = [
      good,
      { ...good, row: 0 },
      { ...good, row: -1 },
      { ...good, row: 2.5 },
      { ...good, row: 10_000_001 },
      { ...good, row: Number.NaN },
      { ...good, row: Number.POSITIVE_INFINITY },
      { ...good, row: '3' },
      { ...good, cells: ['a', 7] },
      { ...good, cells: sparse },
      { ...good, cells: 'a,b' },
      { ...good, cells: [] },
      { ...good, record: { ...good.record, Pager: '1' } },
      { ...good, record: { ...good.record, PhoneTypeName: null } },
      { ...good, record: { CustomerNumber: 'C3', PhoneNumber: '1', PhoneExtension: '' } },
      { ...good, record: withProto },
      { ...good, record: withGetter },
      { ...good, record: [good.record] },
      { ...good, record: null },
      Object.assign([1, [], good.record], good),
      null,
      'row 3',
      42,
    ];
    let fast = 0;
    for (const [i, r] of candidates.entries()) {
      if (!isPlainStorableRow(r)) continue;
      fast++;
      expect(StorableRowSchema.safeParse(r).success, `candidate ${i} taken by the fast path`).toBe(true);
    }
    expect(fast, 'the fast path took some rows, so the test compared something').toBeGreaterThan(1);
  });
});
