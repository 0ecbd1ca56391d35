import { describe, expect, it } from 'vitest';
import { byCountThenValue, TopValues } from './top-values.js';

describe('TopValues: the most frequent values of a column', () => {
  it('keeps the same first values a full sort gives, in the same order', () => {
    // A fixed pseudo-random mix of counts and values, ties included.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const all = Array.from({ length: 3_000 }, (_, i) => ({ value: `v${next() % 997}-${i}`, count: next() % 12 }));
    for (const limit of [1, 5, 50, 3_000, 5_000]) {
      const top = new TopValues(limit);
      for (const { value, count } of all) top.offer(value, count);
      expect(top.list()).toEqual([...all].sort(byCountThenValue).slice(0, limit));
    }
  });

  it('orders equal counts by their values as localeCompare does, and keeps nothing with no room', () => {
    const top = new TopValues(3);
    for (const [value, count] of [
      ['b', 2],
      ['a', 2],
      ['é', 2],
      ['z', 9],
      ['c', 1],
    ] as const)
      top.offer(value, count);
    expect(top.list()).toEqual([
      { value: 'z', count: 9 },
      { value: 'a', count: 2 },
      { value: 'b', count: 2 },
    ]);
    const none = new TopValues(0);
    none.offer('x', 1);
    expect(none.list()).toEqual([]);
  });
});
