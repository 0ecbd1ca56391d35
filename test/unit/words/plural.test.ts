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
