/**
 * What a screen reader is told without moving focus, and how often. Progress ("Sending batch 4 of
 * 20") changes many times a second on a fast line; read aloud each time it would drown everything
 * else, so progress is throttled: at most one announcement per `progressGapMs`, and the latest
 * text not yet said is said when the gap ends (the user hears where things are, never a backlog).
 * Outcomes ("Finished: …") are said at once, politely; errors at once, assertively. Either drops
 * a progress line still waiting, which would only be stale by then.
 */

export type Politeness = 'polite' | 'assertive';

export interface AnnouncerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AnnouncerOptions {
  /** Minimum time between two progress announcements. */
  progressGapMs: number;
  /** Where the words go (the live regions). */
  say(this: void, text: string, politeness: Politeness): void;
  clock?: AnnouncerClock;
}

const realClock: AnnouncerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Announcer {
  readonly #gap: number;
  readonly #say: AnnouncerOptions['say'];
  readonly #clock: AnnouncerClock;
  #lastProgressAt = Number.NEGATIVE_INFINITY;
  #lastProgressText: string | null = null;
  #pending: string | null = null;
  #timer: unknown = null;

  constructor(options: AnnouncerOptions) {
    this.#gap = options.progressGapMs;
    this.#say = options.say;
    this.#clock = options.clock ?? realClock;
  }

  /**
   * A progress line: said now if the last one was long enough ago, else (only the latest) later.
   * `stateChanged` (sending → paused → sending…) says it now: a change the user caused or must know
   * of is not flooding, and the gap starts again from it.
   */
  progress(text: string, options: { stateChanged?: boolean } = {}): void {
    if (text === this.#lastProgressText && this.#pending === null) return;
    const wait = this.#lastProgressAt + this.#gap - this.#clock.now();
    if (wait <= 0 || options.stateChanged) {
      this.#cancelPending();
      this.#sayProgress(text);
      return;
    }
    this.#pending = text;
    if (this.#timer === null) {
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = null;
        const next = this.#pending;
        this.#pending = null;
        if (next !== null && next !== this.#lastProgressText) this.#sayProgress(next);
      }, wait);
    }
  }

  /** An outcome or a count the user is waiting for: said at once, after what is being said. */
  polite(text: string): void {
    this.#cancelPending();
    this.#say(text, 'polite');
  }

  /** An error: said at once, interrupting. */
  assertive(text: string): void {
    this.#cancelPending();
    this.#say(text, 'assertive');
  }

  /** Stops any progress line still waiting (the screen that asked for it went away). */
  dispose(): void {
    this.#cancelPending();
  }

  #sayProgress(text: string): void {
    this.#lastProgressAt = this.#clock.now();
    this.#lastProgressText = text;
    this.#say(text, 'polite');
  }

  #cancelPending(): void {
    this.#pending = null;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
