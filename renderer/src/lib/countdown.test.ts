import { describe, expect, it } from 'vitest';
import { Countdown } from './countdown.svelte.js';

// The tick's subscription itself (a timer only while an effect reads it) is Svelte's createSubscriber;
// under Node, Vitest loads Svelte's server build, where effects do not run, so it is not driven here.
describe('Countdown: a wait shown ticking', () => {
  it('counts down from when the wait was announced, never below zero, and says nothing with no wait', () => {
    let now = 1_000_000;
    let timers = 0;
    const countdown = new Countdown(
      () => now,
      () => {
        timers++;
        return () => timers--;
      },
    );
    expect(countdown.secondsUntil(countdown.deadline(undefined))).toBeUndefined();
    const deadline = countdown.deadline(30);
    now += 1_500;
    expect(countdown.secondsUntil(deadline)).toBe(28.5);
    now += 60_000;
    expect(countdown.secondsUntil(deadline)).toBe(0);
    expect(countdown.secondsUntil(null)).toBeUndefined();
    // Read outside any effect: nothing subscribes, so no timer was started.
    expect(timers).toBe(0);
  });
});
