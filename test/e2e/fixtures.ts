import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium, startHarness, type HarnessOptions } from '../harness/harness.js';
import type { AppUnderTest, Driver } from './drivers/app-under-test.js';
import { electronBinary } from './drivers/electron-binary.js';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export type { AppUnderTest, Driver };

type Fixtures = { app: AppUnderTest; harnessOptions: HarnessOptions };
type WorkerFixtures = {
  /** Set per Playwright project (test/playwright.config.ts): 'harness' everywhere, 'electron' where its binary exists. */
  driver: Driver;
  /** Debian's Chromium for the harness, started on first use in a worker. */
  chromiumBrowser: Browser;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
  driver: ['harness', { option: true, scope: 'worker' }],
  chromiumBrowser: [
    async ({ driver }, use) => {
      if (driver === 'electron') {
        // A spec that starts a second harness app itself cannot run against the real app.
        await use(skippingBrowser());
        return;
      }
      let browser: Browser | undefined;
      const lazy = new Proxy({} as Browser, {
        get(_t, key) {
          if (key === 'then') return undefined;
          return async (...args: unknown[]) => {
            browser ??= await launchChromium();
            const member = Reflect.get(browser, key) as (...a: unknown[]) => unknown;
            return member.apply(browser, args);
          };
        },
      });
      await use(lazy);
      await browser?.close();
    },
    { scope: 'worker' },
  ],
  harnessOptions: [{}, { option: true }],
  app: async ({ driver, chromiumBrowser, harnessOptions: requested }, use, testInfo) => {
    // Every run's logs (the data folder's logs/) stay in the test's output folder after it.
    const harnessOptions = { keepLogsIn: testInfo.outputPath('logs'), ...requested };
    let app: AppUnderTest;
    if (driver === 'electron') {
      const binary = electronBinary();
      if (!binary.ok) throw new Error(`The electron project needs Electron's binary: ${binary.reason}`);
      const { startElectronApp } = await import('./drivers/electron-driver.js');
      app = await startElectronApp(binary.path, harnessOptions);
    } else {
      app = { driver: 'harness', ...(await startHarness(chromiumBrowser, harnessOptions)) };
    }
    await use(app);
    await app.close();
  },
});

function skippingBrowser(): Browser {
  return new Proxy({} as Browser, {
    get(_t, key) {
      if (key === 'then') return undefined;
      return () => {
        test.skip(
          true,
          'Electron driver: this spec starts a second app in the harness itself (chromiumBrowser), which only the harness driver can do',
        );
      };
    },
  });
}

/** Saves a full-window screenshot under test-results/screenshots/NAME.png (looked at by a person). */
export async function shot(app: Pick<AppUnderTest, 'page'> & { driver?: Driver }, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${app.driver === 'electron' ? `electron-${name}` : name}.png`);
  await app.page.screenshot({ path, fullPage: false });
  return path;
}

export { expect };
