import { describe, expect, it } from 'vitest';
import { noun, plural, verbBe } from '../../../shared/words/plural.js';

describe('plural', () => {
  it('says "1 row" and "2 rows", never "1 rows"', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2, 'row')).toBe('2 rows');
    expect(plural(1234, 'record')).toBe('1,234 records');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
  it('gives the noun and the verb alone for sentences that place the number elsewhere', () => {
    expect(`1 ${noun(1, 'row')} ${verbBe(1)}`).toBe('1 row is');
    expect(`5 ${noun(5, 'row')} ${verbBe(5)}`).toBe('5 rows are');
  });
});

import { finishSummary } from '../../../shared/words/finish-summary.js';

describe('finishSummary', () => {
  const counts = (o: Partial<{ saved: number; failed: number; invalid: number; skipped: number; pending: number }>) => {
    const c = { saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0, ...o };
    return { ...c, total: c.saved + c.failed + c.invalid + c.skipped + c.pending };
  };
  it('says what was saved and what to fix next', () => {
    expect(finishSummary(counts({ saved: 280, failed: 4 })).sentence).toBe(
      '280 saved and 4 failed: fix them and send them again (4 rows).',
    );
    expect(finishSummary(counts({ saved: 5, invalid: 1 })).sentence).toBe(
      '5 saved and 1 not sent because of a problem in the sheet: fix it and send it again (1 row).',
    );
    expect(finishSummary(counts({ saved: 3 })).sentence).toBe('All 3 rows saved in Wasp. Nothing left to do.');
    expect(finishSummary(counts({ saved: 1 })).sentence).toBe('The row was saved in Wasp. Nothing left to do.');
    expect(finishSummary(counts({ saved: 3, skipped: 1 })).sentence).toBe(
      '3 saved and 1 skipped (duplicates or excluded).',
    );
  });
});
