import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium, startHarness, type Harness, type HarnessOptions } from '../harness/harness.js';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

type Fixtures = { app: Harness; harnessOptions: HarnessOptions };
type WorkerFixtures = { chromiumBrowser: Browser };

export const test = base.extend<Fixtures, WorkerFixtures>({
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await launchChromium();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  harnessOptions: [{}, { option: true }],
  app: async ({ chromiumBrowser, harnessOptions }, use) => {
    const app = await startHarness(chromiumBrowser, harnessOptions);
    await use(app);
    await app.close();
  },
});

/** Saves a full-window screenshot under test-results/screenshots/NAME.png (looked at by a person). */
export async function shot(app: Harness, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await app.page.screenshot({ path, fullPage: false });
  return path;
}

export { expect };
