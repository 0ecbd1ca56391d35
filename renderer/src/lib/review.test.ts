import { describe, expect, it } from 'vitest';
import { draft } from './draft.svelte.js';
import { sendBox, problemSummary, typesForSite } from './review-rules.js';
import { tallyVerdicts } from './verdict-tally.js';
import { validateRecords } from '../../../shared/records/validate.js';
import type { Mapping } from '../../../shared/domain/job.js';

const MAPPING: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'column', column: 'Type' },
};
function load(types: string[]) {
  draft.set(
    { kind: 'file', fileName: 'x.xlsx', sheet: 'S' },
    ['Customer', 'Phone', 'Type'],
    MAPPING,
    types.map((t, i) => ({
      row: i + 2,
      cells: [`C${i}`, `212-555-01${10 + i}`, t],
      record: { CustomerNumber: `C${i}`, PhoneNumber: `212-555-01${10 + i}`, PhoneExtension: '', PhoneTypeName: t },
      excluded: false,
    })),
  );
}

describe('bulk fixes on the draft', () => {
  it('replaces "Cell" with "Mobile" in every row holding it, in one edit', () => {
    load(['Cell', 'Cell', 'Office', 'cell', ' Cell ']);
    const before = draft.version;
    expect(draft.rowsHolding('PhoneTypeName', 'Cell')).toEqual([0, 1, 3, 4]);
    expect(draft.replaceInColumn('PhoneTypeName', 'Cell', 'Mobile')).toBe(4);
    expect(draft.rows.toArray().map((r) => r.record.PhoneTypeName)).toEqual([
      'Mobile',
      'Mobile',
      'Office',
      'Mobile',
      'Mobile',
    ]);
    expect(draft.version).toBe(before + 1);
    // The sheet's own cells stay as read (the report repeats them).
    expect(draft.rows.at(0)?.cells[2]).toBe('Cell');
  });

  it('fills empty cells when the value to replace is empty, and changes nothing when nothing matches', () => {
    load(['', 'Office', '']);
    expect(draft.replaceInColumn('PhoneTypeName', '', 'Office')).toBe(2);
    const v = draft.version;
    expect(draft.replaceInColumn('PhoneTypeName', 'Pager', 'Office')).toBe(0);
    expect(draft.version).toBe(v);
  });

  it('excludes and includes a set of rows at once', () => {
    load(['Cell', 'Office', 'Cell']);
    expect(draft.setExcluded([0, 2], true)).toBe(2);
    expect(draft.rows.toArray().map((r) => r.excluded)).toEqual([true, false, true]);
    expect(draft.setExcluded([0, 2], true)).toBe(0);
    expect(draft.setExcluded([0], false)).toBe(1);
    draft.clear();
    expect(draft.rows.length).toBe(0);
    expect(draft.rows.toArray()).toEqual([]);
  });
});

describe('review rules', () => {
  const source = (row: number, PhoneNumber: string, PhoneTypeName = 'Office', CustomerNumber = `C${row}`) => ({
    row,
    cells: [],
    record: { CustomerNumber, PhoneNumber, PhoneExtension: '', PhoneTypeName },
  });

  // The finding: invalid and duplicate rows still showed a ticked Send box.
  it('rows that will not be sent show an unticked, disabled Send box with the reason', () => {
    const [ok, invalid, first, dup] = validateRecords([
      source(2, '212-555-0101'),
      source(3, ''),
      source(4, '212-555-0104'),
      source(5, '212-555-0104', 'Office', 'C4'),
    ]);
    expect(sendBox(ok, false)).toEqual({ checked: true, disabled: false, reason: null });
    expect(sendBox(invalid, false)).toEqual({
      checked: false,
      disabled: true,
      reason: 'Not sent: Phone number is empty. Fix it to send the row.',
    });
    expect(sendBox(first, false).checked).toBe(true);
    expect(sendBox(dup, false)).toMatchObject({ checked: false, disabled: true });
    expect(sendBox(dup, false).reason).toMatch(/^Not sent: .*row 4/);
    expect(sendBox(ok, true)).toEqual({ checked: false, disabled: false, reason: 'Excluded by you: tick to send it.' });
  });

  // The finding: one message ended in an unexplained "(+1)".
  it('says how many more problems a row has in words', () => {
    const [r] = validateRecords([source(2, '12', 'Cell', '')], { knownPhoneTypes: ['Office'] });
    const s = problemSummary(r!.problems);
    expect(s?.text).toBe('Customer number is empty.');
    expect(s?.more).toBe('and 2 more problems');
    const [one] = validateRecords([source(2, '', 'Office')]);
    expect(problemSummary(one!.problems)?.more).toBeNull();
    expect(problemSummary([])).toBeNull();
  });

  it('groups rows by kind of problem, counting the excluded ones', () => {
    const checked = validateRecords(
      [source(2, '212-555-0101', 'Cell'), source(3, '212-555-0102', 'Office'), source(4, '212-555-0103', 'Cell')],
      { knownPhoneTypes: ['Office'] },
    );
    const { groups } = tallyVerdicts(checked, (i) => i === 2);
    expect(groups).toEqual([
      { code: 'unknown-phone-type', label: 'Phone type not known to Wasp', indices: [0, 2], excluded: 1 },
    ]);
  });

  it('knows the Sandbox’s own types and the learned types of real sites', () => {
    expect(typesForSite(true, ['Pager'], ['Office', 'Mobile'])).toEqual(['Office', 'Mobile']);
    expect(typesForSite(false, ['Pager'], ['Office', 'Mobile'])).toEqual(['Pager']);
  });
});
