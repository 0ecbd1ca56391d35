import type { ElectronApplication } from '@playwright/test';
import type { Harness } from '../../harness/harness.js';

/** Which app the E2E specs drive: the browser harness (always) or the real Electron app. */
export type Driver = 'harness' | 'electron';

/**
 * What a spec gets as `app`, whichever the driver. The harness's shape, so the specs written for it
 * run unchanged; `requestLog` exists only where main runs in the test's process, and
 * `electronApp` only with the Electron driver.
 */
export type AppUnderTest = Omit<Harness, 'requestLog'> & {
  readonly driver: Driver;
  readonly requestLog: Harness['requestLog'] | undefined;
  readonly electronApp?: ElectronApplication;
};
