import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../shared/timing/throttle.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A throttled counter on fake timers: `runs()` says how often the function really ran. */
function counted(ms: number) {
  vi.useFakeTimers();
  let runs = 0;
  const t = throttle(
    () => runs++,
    ms,
    () => Date.now(),
  );
  return { t, runs: () => runs };
}

describe('throttle', () => {
  it('runs the first call at once and the last of a burst after the interval, nothing in between', () => {
    const { t, runs } = counted(400);
    t();
    expect(runs()).toBe(1);
    // A send's progress events: 50 in the next 300 ms.
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(6);
      t();
    }
    expect(runs()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(runs()).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(runs()).toBe(2);
    t();
    expect(runs()).toBe(3);
  });

  it('cancel drops the trailing call still waiting, so nothing runs after the screen is gone', () => {
    const { t, runs } = counted(400);
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(1_000);
    expect(runs()).toBe(1);
  });

  it('flush makes the trailing call still waiting now, once; with none waiting it does nothing', () => {
    const { t, runs } = counted(400);
    t.flush();
    expect(runs()).toBe(0);
    t();
    t();
    t.flush();
    expect(runs()).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(runs()).toBe(2);
    t.flush();
    expect(runs()).toBe(2);
  });
});
