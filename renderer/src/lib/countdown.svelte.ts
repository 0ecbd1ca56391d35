import { createSubscriber } from 'svelte/reactivity';

/**
 * Seconds left until a moment, ticking once a second while something on screen reads it. The tick
 * is a subscription, not an effect that writes state: it starts when the first reader (an effect, a
 * template) asks, and its timer is cleared when the last one is torn down. With nothing to wait for
 * nothing reads the clock, so no timer runs.
 */
export class Countdown {
  private readonly tick: () => void;

  constructor(
    private readonly clock: () => number = Date.now,
    every: (update: () => void) => () => void = (update) => {
      const timer = setInterval(update, 1000);
      return () => clearInterval(timer);
    },
  ) {
    this.tick = createSubscriber(every);
  }

  /** The moment `seconds` from now (when a wait was announced), or null with no wait. */
  deadline(seconds: number | null | undefined): number | null {
    return seconds === null || seconds === undefined ? null : this.clock() + seconds * 1000;
  }

  secondsUntil(deadline: number | null): number | undefined {
    if (deadline === null) return undefined;
    this.tick();
    return Math.max(0, (deadline - this.clock()) / 1000);
  }
}
