import { describe, expect, it } from 'vitest';
import { StringPool, TextCounts, TextMap } from '../../../shared/spreadsheet/string-pool.js';

/** A string with the same text as `s` but built anew, so === finds it by its text, not by being the same string. */
const copyOf = (s: string): string => s.split('').join('');

describe('StringPool: one string per short value, without a Map', () => {
  it('gives back the first string seen for each value, including empty and multi-byte ones', () => {
    const pool = new StringPool();
    for (const value of ['Office', '', 'Büro', '𝔘n', '日本', '0001234']) {
      const first = copyOf(value);
      expect(pool.share(first)).toBe(first);
      expect(pool.share(copyOf(value))).toBe(value);
    }
    expect(pool.size).toBe(6);
  });

  it('keeps values apart that share a hash slot (many values in a small table)', () => {
    const pool = new StringPool(64);
    const values = Array.from({ length: 64 }, (_, i) => String(i).padStart(7, '0'));
    for (const v of values) pool.share(v);
    expect(pool.size).toBe(64);
    for (const v of values) expect(pool.share(copyOf(v))).toBe(v);
  });

  it('stops adding at its capacity and gives new values back as they came', () => {
    const pool = new StringPool(3);
    for (const v of ['a', 'b', 'c', 'd', 'e']) pool.share(v);
    expect(pool.size).toBe(3);
    expect(pool.share(copyOf('d'))).toBe('d');
    expect(pool.share(copyOf('a'))).toBe('a');
  });

  it('pools a million customer numbers in the sheet’s order and still finds the ones it kept', () => {
    // Customer numbers differ in their last digits: FNV's low bits alone put them in long runs of
    // neighbouring slots, and each miss walked a run (a million rows took the window 30 s).
    const pool = new StringPool();
    for (let i = 0; i < 1_000_000; i++) pool.share(String(i).padStart(7, '0'));
    expect(pool.size).toBe(1 << 16);
    expect(pool.share(copyOf('0000042'))).toBe('0000042');
    expect(pool.share('0999999')).toBe('0999999');
  });
});

describe('TextCounts: counts per text, without a Map', () => {
  it('counts each text, including empty and multi-byte ones, in the order first counted', () => {
    const counts = new TextCounts();
    for (const t of ['Cell', 'Office', 'Cell', '', 'Büro 👩‍👩‍👧', copyOf('Cell'), '']) counts.add(t);
    counts.add('Office', 3);
    expect([...counts.entries()]).toEqual([
      ['Cell', 3],
      ['Office', 4],
      ['', 2],
      ['Büro 👩‍👩‍👧', 1],
    ]);
    expect(counts.get(copyOf('Cell'))).toBe(3);
    expect(counts.get('cell')).toBe(0);
    expect(counts.size).toBe(4);
  });

  it('keeps every one of many distinct texts as it grows', () => {
    const counts = new TextCounts();
    for (let i = 0; i < 200_000; i++) counts.add(String(i % 100_000).padStart(7, '0'));
    expect(counts.size).toBe(100_000);
    expect(counts.get('0000000')).toBe(2);
    expect(counts.get('0099999')).toBe(2);
    expect(counts.get('0100000')).toBe(0);
    expect([...counts.entries()].every(([, n]) => n === 2)).toBe(true);
  });
});

describe('TextMap: a value per text, without a Map', () => {
  it('sets, replaces, finds and clears values by text', () => {
    const map = new TextMap<number | null>();
    for (let i = 0; i < 10_000; i++) map.set(`k${i}`, i);
    map.set(copyOf('k5'), null);
    map.set('', -1);
    expect(map.size).toBe(10_001);
    expect(map.get('k9999')).toBe(9_999);
    expect(map.get(copyOf('k5'))).toBeNull();
    expect(map.get('')).toBe(-1);
    expect(map.get('k10000')).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get('k1')).toBeUndefined();
  });
});
