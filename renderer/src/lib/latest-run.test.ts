import { describe, expect, it } from 'vitest';
import { LatestRun } from './latest-run.js';

describe('LatestRun', () => {
  it('keeps only the latest run current; cancel stops only a run that is still the latest', () => {
    let stops = 0;
    const runs = new LatestRun(() => stops++);
    const a = runs.begin();
    expect(a.current()).toBe(true);
    const b = runs.begin();
    expect(a.current()).toBe(false);
    expect(b.current()).toBe(true);
    a.cancel(); // already replaced: nothing to stop
    expect(stops).toBe(0);
    expect(b.current()).toBe(true);
    b.cancel();
    expect(b.current()).toBe(false);
    expect(stops).toBe(1);
    runs.stop();
    expect(stops).toBe(2);
  });
});
