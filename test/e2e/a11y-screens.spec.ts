import { test, expect, shot } from './fixtures.js';
import { expectNoAxeViolations } from './axe.js';
import { dropFile } from './drop-file.js';
import { messyWorkbookBytes } from '../support/messy-sheet.js';
import { branchSheet } from '../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { Page } from '@playwright/test';
import { openConnectedTo } from './connected-site.js';

// axe (WCAG 2.2 A/AA + best practice) on every screen in its empty, normal, problem and finished
// states. Any violation fails the run; the message lists the rule and the elements.

const GOOD = 'tok-E2E-a11y-0c1d2e';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [GOOD], phoneTypes: ['Office', 'Mobile'], latencyMs: 150 });
});
test.afterAll(async () => sim.close());
test.use({ harnessOptions: { send: { batchSize: 5, pacingMs: 0 } } });

async function step(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name }).click();
}

test('every screen with nothing in it', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Connect to Wasp', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, 'Connect, empty');
  for (const [name, heading] of [
    [/^2 Import/, 'Import a spreadsheet'],
    [/^3 Review/, 'Review'],
    [/^4 Send/, 'Send'],
    [/^5 Results/, 'Results'],
    [/^Jobs/, 'Jobs'],
  ] as const) {
    await step(page, name);
    await expect(page.getByRole('heading', { name: heading, level: 1, exact: true })).toBeVisible();
    await expectNoAxeViolations(page, `${heading}, empty`);
  }
});

test('Connect: a rejected token, a form error, a working site', async ({ app }) => {
  const { page } = app;
  await page.getByLabel('Site address').fill('ftp://nowhere');
  await page.getByLabel('API token').fill('x');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(page.getByRole('form', { name: 'Add a Wasp site' }).getByRole('alert')).toBeVisible();
  await expectNoAxeViolations(page, 'Connect, form error');

  await page.getByLabel('Site address').fill(sim.url);
  await page.getByLabel('API token').fill('wrong-token');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const card = page.locator(`[data-testid="connection"][data-site="${sim.url}"]`);
  await expect(card.getByTestId('connection-status')).toHaveText('Token rejected');
  await card.getByRole('button', { name: 'Replace token' }).click();
  await expectNoAxeViolations(page, 'Connect, token rejected, replacing');
  // Escape closes the token box and puts focus back on the button that opened it.
  await card.getByLabel(/New API token/).press('Escape');
  await expect(card.getByLabel(/New API token/)).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Replace token' })).toBeFocused();
  await expect(card.getByRole('button', { name: 'Replace token' })).toHaveAttribute('aria-expanded', 'false');
  await card.getByRole('button', { name: 'Replace token' }).press('Enter');

  await card.getByLabel(/New API token/).fill(GOOD);
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByTestId('connection-status')).toContainText('Working');
  await expectNoAxeViolations(page, 'Connect, working');
});

test('Import and Review: mapped, bad file, problems, fixed', async ({ app }) => {
  const { page } = app;
  await app.services.settings.setKnownPhoneTypes(['Office', 'Mobile', 'Home']);
  await app.services.connections.saveToken(sim.url, GOOD);
  await step(page, /^2 Import/);
  await dropFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Telephone');
  await expectNoAxeViolations(page, 'Import, mapped');

  // The formatting options show the country box.
  await page.getByRole('combobox', { name: 'Phone numbers' }).selectOption('e164');
  await expectNoAxeViolations(page, 'Import, converting numbers');
  await page.getByRole('combobox', { name: 'Phone numbers' }).selectOption('as-displayed');

  await dropFile(page, 'broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
  await expect(page.getByTestId('import-error')).toBeVisible();
  // A refused file clears the previous file's mapping (nothing stale to click).
  await expect(page.locator('#map-PhoneNumber')).toHaveCount(0);
  await expectNoAxeViolations(page, 'Import, a refused file');
  await dropFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Telephone');
  // A required field with no column: the warning shows.
  await page.locator('#map-PhoneNumber').selectOption('__none');
  await expectNoAxeViolations(page, 'Import, a missing column');
  await page.locator('#map-PhoneNumber').selectOption('Telephone');

  await page.getByRole('button', { name: /Review 6 records/ }).click();
  await expect(page.getByTestId('review-counts')).toContainText('1 invalid');
  await expectNoAxeViolations(page, 'Review, normal');

  await page.getByLabel('Only rows with problems').check();
  await page.locator('.tr[data-row="7"] [data-col="2"]').click();
  await expect(page.getByTestId('row-problems')).toBeVisible();
  await expectNoAxeViolations(page, 'Review, problems only with a row’s details');
  await shot(app, 'a11y-review-problems');

  await page.getByLabel('Only rows with problems').uncheck();
  const phone = page.locator('.tr[data-row="7"]').getByLabel('Phone number, row 7');
  await phone.fill('555-333-4444');
  await phone.press('Enter');
  await page.locator('.tr[data-row="9"]').getByLabel('Send row 9').uncheck();
  await expect(page.getByTestId('review-counts')).toContainText('0 invalid');
  await expectNoAxeViolations(page, 'Review, fixed');
});

test('Send, Results and Jobs: sending, paused, finished, failed rows, exported', async ({ app }) => {
  // Ten axe scans and a 2 s-a-call send: about 15 s on a quiet machine, past 60 s on a loaded one.
  test.slow();
  const { page } = app;
  sim.reset();
  await openConnectedTo(app, sim.url, GOOD);
  await step(page, /^2 Import/);
  await dropFile(page, 'Branch.xlsx', branchSheet(30).bytes);
  await page.getByRole('button', { name: 'Review 30 records' }).click();
  // Slow answers keep the job sending while axe looks at it.
  sim.setOptions({ latencyMs: 2_000 });
  await page.getByRole('button', { name: 'Send 30 records' }).click();
  const state = page.getByTestId('send-state');
  await expect(state).toHaveText(/Sending batch/);
  await expectNoAxeViolations(page, 'Send, sending');
  sim.setOptions({ latencyMs: 150 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(state).toHaveText('Paused');
  await expectNoAxeViolations(page, 'Send, paused');

  // Reduced motion: the progress bar's 0.3 s slide is switched off. The bar slides only below 100 %
  // (a finished bar is full at once); calls already in flight when Pause was pressed may have
  // finished every row, so the slide is looked for where it is drawn.
  const bar = page.getByRole('progressbar', { name: 'Overall progress' });
  const fill = bar.locator('.fill');
  const duration = () => fill.evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration));
  const full = (await bar.getAttribute('aria-valuenow')) === '100';
  expect(await duration()).toBeCloseTo(full ? 0 : 0.3, 5);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await duration()).toBeLessThan(0.001);

  // Windows high contrast: the focus ring becomes a system-coloured outline (box-shadow is dropped
  // there), and the bars keep a visible fill.
  await page.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
  // Reached by keyboard, so that :focus-visible applies as it does for a keyboard user.
  await page.getByRole('button', { name: 'Resume' }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeFocused();
  const outline = await page.getByRole('button', { name: 'Resume' }).evaluate((el) => {
    const cs = getComputedStyle(el);
    return { style: cs.outlineStyle, width: cs.outlineWidth };
  });
  expect(outline).toEqual({ style: 'solid', width: '3px' });
  expect(await fill.evaluate((el) => getComputedStyle(el).forcedColorAdjust)).toBe('none');
  await expectNoAxeViolations(page, 'Send, paused, forced colours');
  await shot(app, 'a11y-forced-colors-send');
  await page.emulateMedia({ reducedMotion: null, forcedColors: null });

  await step(page, /^Jobs/);
  await expect(page.getByTestId('jobs-table')).toContainText('Paused');
  await expectNoAxeViolations(page, 'Jobs, a paused job');
  await page.getByTestId('jobs-table').getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText('Finished', { timeout: 30_000 });
  await expectNoAxeViolations(page, 'Send, finished with failures');

  await page.getByRole('button', { name: 'See results' }).click();
  await expect(page.getByTestId('results-table').locator('tbody tr')).toHaveCount(30);
  await expectNoAxeViolations(page, 'Results, all rows');
  await page.getByRole('button', { name: 'Failed', exact: true }).click();
  await expect(page.getByTestId('results-table').locator('tbody tr[data-status="failed"]')).toHaveCount(
    branchSheet(30).pagerRows.length,
  );
  await expectNoAxeViolations(page, 'Results, failed rows');
  await page.getByRole('button', { name: 'Pending', exact: true }).click();
  await expect(page.getByText('No rows here.')).toBeVisible();
  await expectNoAxeViolations(page, 'Results, a filter with no rows');
  await page.getByRole('button', { name: 'Export report (.xlsx)' }).click();
  await expect(page.getByText(/Report saved to/)).toBeVisible();
  await expectNoAxeViolations(page, 'Results, exported');

  await step(page, /^Jobs/);
  await expect(page.getByTestId('jobs-table')).toContainText('Finished');
  await expectNoAxeViolations(page, 'Jobs, finished');
});
