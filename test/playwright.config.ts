import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/drivers/electron-binary.js';
import type { Driver } from './e2e/drivers/app-under-test.js';

/**
 * One E2E suite, two drivers (test/e2e/fixtures.ts): the `harness` project drives the built renderer
 * in Debian's Chromium with main's services in this process (every machine with Chromium); the
 * `electron` project drives the real app through Playwright's _electron wherever Electron's binary
 * is installed (developers' desktops, CI on Windows and macOS). Where it is not, the run says so
 * once and the harness run still counts; WASP_E2E_REQUIRE_ELECTRON=1 (CI) makes that an error.
 */
const electron = electronBinary();
const isRunner = process.env['TEST_WORKER_INDEX'] === undefined;
if (!electron.ok) {
  if (process.env['WASP_E2E_REQUIRE_ELECTRON'] === '1')
    throw new Error(`WASP_E2E_REQUIRE_ELECTRON=1 but ${electron.reason}`);
  if (isRunner) console.log(`Electron driver skipped: ${electron.reason} The specs run on the browser harness only.`);
}

// One worker: the machine has two cores, and each test already runs Chromium plus main's services.
export default defineConfig<object, { driver: Driver }>({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  projects: [
    { name: 'harness', use: { driver: 'harness' } },
    ...(electron.ok ? [{ name: 'electron', use: { driver: 'electron' as const } }] : []),
  ],
});
