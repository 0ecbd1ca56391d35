import { describe, expect, it } from 'vitest';
import { everyRow } from './row-list.js';

describe('everyRow: all the draft rows without a list of them', () => {
  it('gives each position its own row, and nothing past either end', () => {
    const rows = everyRow(1_000_000);
    expect(rows.length).toBe(1_000_000);
    expect(rows.at(0)).toBe(0);
    expect(rows.at(999_999)).toBe(999_999);
    expect(rows.at(1_000_000)).toBeUndefined();
    expect(rows.at(-1)).toBeUndefined();
    expect(rows.at(1.5)).toBeUndefined();
  });

  it('slices as an array of the same indices would', () => {
    const list = Array.from({ length: 40 }, (_, i) => i);
    const rows = everyRow(40);
    for (const [a, b] of [
      [0, 10],
      [35, 60],
      [-5, 3],
      [12, 12],
      [20, 10],
    ] as const)
      expect(rows.slice(a, b)).toEqual(list.slice(Math.max(0, a), b));
    expect(everyRow(0).slice(0, 10)).toEqual([]);
  });
});
