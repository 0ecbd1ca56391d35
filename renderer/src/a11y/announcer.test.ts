import { describe, expect, it } from 'vitest';
import { Announcer, type AnnouncerClock, type Politeness } from './announcer.js';

/** A clock the test moves by hand, so "a few seconds" passes without waiting. */
function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; run: () => void; id: number }> = [];
  let next = 1;
  const clock: AnnouncerClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.run();
    }
  };
  return { clock, advance, pendingTimers: () => timers.length };
}

function setup(gap = 5_000) {
  const said: Array<[string, Politeness, number]> = [];
  const c = fakeClock();
  const a = new Announcer({ progressGapMs: gap, clock: c.clock, say: (t, p) => said.push([t, p, c.clock.now()]) });
  return { a, said, ...c };
}

describe('Announcer', () => {
  it('says at most one progress line per gap however fast progress comes, ending with the latest', () => {
    const { a, said, advance } = setup(5_000);
    // 100 progress events over 10 s (one every 100 ms), as a fast line produces.
    for (let i = 1; i <= 100; i++) {
      a.progress(`Sending batch ${i} of 100`);
      advance(100);
    }
    advance(5_000);
    const times = said.map((s) => s[2]);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5_000);
    expect(said.length).toBeLessThanOrEqual(3);
    expect(said[0]).toEqual(['Sending batch 1 of 100', 'polite', 0]);
    expect(said.at(-1)?.[0]).toBe('Sending batch 100 of 100');
    expect(said.every((s) => s[1] === 'polite')).toBe(true);
  });

  it('does not repeat a progress line that did not change', () => {
    const { a, said, advance } = setup(1_000);
    a.progress('Paused');
    advance(2_000);
    a.progress('Paused');
    advance(2_000);
    expect(said.map((s) => s[0])).toEqual(['Paused']);
  });

  it('says outcomes at once and drops the stale progress line still waiting', () => {
    const { a, said, advance, pendingTimers } = setup(5_000);
    a.progress('Sending batch 1 of 3');
    advance(1_000);
    a.progress('Sending batch 3 of 3');
    expect(pendingTimers()).toBe(1);
    a.polite('Finished: 30 saved, 4 failed');
    advance(10_000);
    expect(said.map((s) => s.slice(0, 2))).toEqual([
      ['Sending batch 1 of 3', 'polite'],
      ['Finished: 30 saved, 4 failed', 'polite'],
    ]);
    expect(pendingTimers()).toBe(0);
  });

  it('says errors assertively, at once, even inside a progress gap', () => {
    const { a, said, advance } = setup(5_000);
    a.progress('Sending batch 1 of 3');
    advance(200);
    a.assertive('Wasp rejected the token: reconnect to continue.');
    expect(said.at(-1)).toEqual(['Wasp rejected the token: reconnect to continue.', 'assertive', 200]);
  });

  it('a change of state is said at once, and the gap starts again from it', () => {
    const { a, said, advance } = setup(5_000);
    a.progress('Sending batch 1 of 6');
    advance(500);
    a.progress('Paused', { stateChanged: true });
    advance(500);
    a.progress('Sending batch 2 of 6', { stateChanged: true });
    advance(500);
    a.progress('Sending batch 3 of 6');
    expect(said.map((s) => [s[0], s[2]])).toEqual([
      ['Sending batch 1 of 6', 0],
      ['Paused', 500],
      ['Sending batch 2 of 6', 1_000],
    ]);
    advance(4_500);
    expect(said.at(-1)).toEqual(['Sending batch 3 of 6', 'polite', 6_000]);
  });

  it('dispose() stops a waiting progress line', () => {
    const { a, said, advance } = setup(5_000);
    a.progress('one');
    a.progress('two');
    a.dispose();
    advance(10_000);
    expect(said.map((s) => s[0])).toEqual(['one']);
  });
});
