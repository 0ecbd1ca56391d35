/**
 * Randomness a failing run can repeat: the seed comes from TEST_SEED when set, else from the clock,
 * and tests put it in their failure messages (`TEST_SEED=… npm run test:unit` replays the run).
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1), like Math.random. */
  next(): number;
}

export function seededRandom(seed = Number(process.env['TEST_SEED'] ?? Date.now() % 2 ** 31)): SeededRandom {
  // mulberry32: tiny, fast and well distributed enough for picking kill moments.
  let a = seed >>> 0;
  return {
    seed,
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
