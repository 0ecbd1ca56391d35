import { afterEach, beforeEach } from 'vitest';
import { JobService, type JobServiceOptions } from '../../main/jobs/job-service.js';
import type { JobProgress } from '../../shared/domain/job.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { SimulatorOptions } from '../../main/simulator/options.js';
import { SANDBOX_TOKEN } from '../../main/simulator/sandbox.js';
import { FAST, tempDir } from './sending-fixtures.js';

export interface QueueFixture {
  /** A fresh simulator per test. */
  readonly sim: Simulator;
  /** A fresh data folder per test. */
  readonly dir: { path: string; remove: () => Promise<void> };
  /** A simulator started again (e.g. on the port a test closed); the fixture closes it after the test. */
  restartSimulator(options?: Partial<SimulatorOptions>): Promise<Simulator>;
  /** A queue on the test's folder, closed after the test. */
  service(this: void, extra?: Partial<JobServiceOptions>): Promise<JobService>;
  /** The test closed its queues itself (to open the folder again): nothing left to close after it. */
  forgetServices(): void;
}

/**
 * The set-up the job-queue tests share: registers its own beforeEach/afterEach, so a test file
 * calls it once at the top. Kept apart from sending-fixtures.ts, which the crash test's child
 * process imports without vitest.
 */
export function useQueueFixture(
  defaults: Partial<JobServiceOptions> & { version: string; owner: string },
  simulator: Partial<SimulatorOptions> = {},
): QueueFixture {
  let sim: Simulator | undefined;
  let dir: { path: string; remove: () => Promise<void> } | undefined;
  const open: JobService[] = [];
  beforeEach(async () => {
    sim = await startSimulator(simulator);
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await sim?.close();
    await dir?.remove();
  });
  const must = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is only there inside a test`);
    return v;
  };
  return {
    get sim() {
      return must(sim, 'the simulator');
    },
    get dir() {
      return must(dir, 'the data folder');
    },
    async restartSimulator(options = {}) {
      sim = await startSimulator(options);
      return sim;
    },
    forgetServices() {
      open.length = 0;
    },
    async service(extra = {}) {
      const r = await JobService.open({
        dataDir: must(dir, 'the data folder').path,
        getToken: async () => SANDBOX_TOKEN,
        send: FAST,
        ...defaults,
        ...extra,
      });
      if (!r.ok) throw new Error(r.error.message);
      open.push(r.value);
      return r.value;
    },
  };
}

/**
 * The first progress event of `service` that matches: a wait on what the job reports (rows saved,
 * offline), not on time. A job that never gets there fails the test by its timeout.
 */
export function progressWhere(service: JobService, matches: (p: JobProgress) => boolean): Promise<JobProgress> {
  return new Promise((resolve) => {
    const off = service.onProgress((p) => {
      if (!matches(p)) return;
      off();
      resolve(p);
    });
  });
}
