import { test, expect, shot } from './fixtures.js';

/**
 * Checks only the real Electron window can answer: runs in the `electron` project (Playwright's
 * _electron, test/e2e/drivers/electron-driver.ts). The harness serves the page over http from
 * 127.0.0.1, so these say nothing there.
 */
test.skip(
  ({ driver }) => driver !== 'electron',
  'about the real Electron window: runs in the electron project (see test/playwright.config.ts)',
);

test('opens one secure window on app://wasp with the app shell and only the bridge', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('navigation', { name: 'Steps' })).toBeVisible();
  await expect(page.getByTestId('data-dir')).toContainText(app.dataDir);
  expect(page.url()).toMatch(/^app:\/\/wasp\//);
  const exposed = await page.evaluate(() => ({
    require: typeof (window as unknown as Record<string, unknown>)['require'],
    process: typeof (window as unknown as Record<string, unknown>)['process'],
    bridge: Object.keys((window as unknown as { wasp: object }).wasp ?? {}).length,
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: expect.any(Number) });
  expect(exposed.bridge).toBeGreaterThan(0);
  // Navigation away from the app is refused.
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await expect.poll(() => page.url()).toMatch(/^app:\/\/wasp\//);
  expect(app.electronApp?.windows()).toHaveLength(1);
  await shot(app, 'shell');
});

test('closing the window with nothing sending ends the app', async ({ app }) => {
  const electronApp = app.electronApp!;
  const exited = new Promise<number | null>((resolve) => electronApp.process().once('exit', (code) => resolve(code)));
  // The window's close button: 'close' → 'window-all-closed' → app.quit() → the coordinator's
  // before-quit (nothing sending: no question) → services closed → the process ends.
  await electronApp
    .evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().forEach((w) => w.close()))
    .catch(() => undefined);
  expect(await exited).toBe(0);
});
