import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('throttle', () => {
  it('runs the first call at once and the last of a burst after the interval, nothing in between', () => {
    vi.useFakeTimers();
    let runs = 0;
    const t = throttle(
      () => runs++,
      400,
      () => Date.now(),
    );
    t();
    expect(runs).toBe(1);
    // A send's progress events: 50 in the next 300 ms.
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(6);
      t();
    }
    expect(runs).toBe(1);
    vi.advanceTimersByTime(100);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(runs).toBe(2);
    t();
    expect(runs).toBe(3);
  });
});

describe('throttle.cancel', () => {
  it('drops the trailing call still waiting, so nothing runs after the screen is gone', () => {
    vi.useFakeTimers();
    let runs = 0;
    const t = throttle(
      () => runs++,
      400,
      () => Date.now(),
    );
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(1_000);
    expect(runs).toBe(1);
  });
});
