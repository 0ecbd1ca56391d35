import { describe, expect, it } from 'vitest';
import { plainData } from './plain-bridge.svelte.js';

// The Proxy case (a real Svelte $state object in Chromium) is in test/e2e/bridge-clone-rules.spec.ts;
// these pin down what plainData does to everything else.
describe('plainData', () => {
  it('copies arrays and plain objects all the way down, sharing nothing with the input', () => {
    const input = {
      name: 'x',
      rows: [{ row: 2, cells: ['C1', '555'], record: { CustomerNumber: 'C1' } }],
      headers: ['a'],
    };
    const out = plainData(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(out.rows[0]).not.toBe(input.rows[0]);
    expect(out.rows[0]!.cells).not.toBe(input.rows[0]!.cells);
  });

  it('keeps shared and cyclic references as they were', () => {
    const shared = { kind: 'none' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input['self'] = input;
    const out = plainData(input);
    expect(out['a']).toBe(out['b']);
    expect(out['self']).toBe(out);
  });

  it('leaves a function in place, so the bridge refuses it as Electron does', () => {
    const fn = () => 1;
    expect(plainData({ fn }).fn).toBe(fn);
  });

  it('gives other objects Svelte snapshot rules: a Date is copied, a class instance keeps only its own fields', () => {
    class Row {
      row = 2;
      get hidden(): string {
        return 'not copied';
      }
    }
    const when = new Date(0);
    const out = plainData({ when, row: new Row() });
    expect(out.when).toEqual(when);
    expect(out.when).not.toBe(when);
    expect(Object.getPrototypeOf(out.row)).toBe(Object.prototype);
    expect(out.row).toEqual({ row: 2 });
  });
});
