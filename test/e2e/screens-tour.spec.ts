import * as XLSX from 'xlsx';
import { test, expect, shot } from './fixtures.js';
import { dropFile, importFile } from './drop-file.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';

// Every screen in its empty, normal, problem and finished state, saved for a person to look at.

const GOOD = 'tok-E2E-tour-5e6f7a';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [GOOD], phoneTypes: ['Office', 'Mobile'], latencyMs: 250 });
});
test.afterAll(async () => sim.close());
test.use({ harnessOptions: { send: { batchSize: 5, pacingMs: 0 } } });

test('empty: every screen says what goes there and how to get it', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Connect to Wasp' })).toBeVisible();
  const sandbox = page.locator('[data-testid="connection"]').filter({ hasText: 'Sandbox' });
  await expect(sandbox).toContainText('A practice Wasp running on this computer');
  await expect(sandbox).not.toContainText('http://127.0.0.1');
  await shot(app, 'connect-empty');
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await expect(page.getByTestId('expected-columns')).toContainText('Customer number');
  await expect(page.getByRole('button', { name: 'Download a template' })).toBeVisible();
  await shot(app, 'import-empty');
  await page
    .getByRole('button', { name: /Review/ })
    .first()
    .click();
  await expect(page.getByText('Nothing to review yet.')).toBeVisible();
  await shot(app, 'review-empty');
  await page.getByRole('button', { name: /^4/ }).click();
  await expect(page.getByText('Nothing is being sent.')).toBeVisible();
  await shot(app, 'send-empty');
  await page.getByRole('button', { name: /^5/ }).click();
  await expect(page.getByText('No job selected.')).toBeVisible();
  await shot(app, 'results-empty');
  await page.getByRole('button', { name: 'Open Jobs' }).click();
  await expect(page.getByText('No jobs yet.')).toBeVisible();
  await shot(app, 'jobs-empty');

  // The template: an .xlsx with the four headers, saved where the user chose.
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Download a template' }).click();
  await expect(page.getByText(/Template saved to .*Wasp phones template\.xlsx/)).toBeVisible();
  const { readFile } = await import('node:fs/promises');
  const nodePath = await import('node:path');
  const join = (...parts: string[]): string => nodePath.join(...parts);
  const book = XLSX.read(await readFile(join(app.exportsDir, 'Wasp phones template.xlsx')));
  expect(XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 })[0]).toEqual([
    'Customer Number',
    'Phone Number',
    'Extension',
    'Phone Type',
  ]);
});

test('normal and finished: the shipped sample goes through the Sandbox from Connect to Results', async ({ app }) => {
  const { page } = app;
  const sandbox = page.locator('[data-testid="connection"]').filter({ hasText: 'Sandbox' });
  await sandbox.getByRole('button', { name: 'Test connection' }).click();
  await expect(sandbox.getByTestId('connection-feedback')).toContainText('Connected');
  await shot(app, 'connect-finished');
  await sandbox.getByRole('button', { name: 'Continue to Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import a spreadsheet' })).toBeVisible();

  await page.getByRole('button', { name: 'Try a sample' }).click();
  await expect(page.locator('#map-CustomerNumber')).toHaveValue('Customer Number');
  await expect(page.getByRole('button', { name: 'Review 8 records' })).toBeEnabled();
  await shot(app, 'import-normal');
  await page.getByRole('button', { name: 'Review 8 records' }).click();
  // Ready for the Sandbox: nothing to fix.
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await shot(app, 'review-normal');
  // How full the bar is at the moment the screen first says Finished (the bar used to slide there,
  // so a screenshot at finish showed it short).
  await page.evaluate(() => {
    const w = window as unknown as { __barAtFinish?: number };
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="send-state"]');
      const bar = document.querySelector('[role="progressbar"][aria-label="Overall progress"]');
      if (w.__barAtFinish !== undefined || state?.textContent.trim() !== 'Finished' || !bar?.firstElementChild) return;
      w.__barAtFinish = bar.firstElementChild.getBoundingClientRect().width / bar.getBoundingClientRect().width;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Send 8 records' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('send-summary')).toHaveText('All 8 rows saved in Wasp. Nothing left to do.');
  // The bar is full the moment the job is finished, not 0.3 s later.
  expect(await page.evaluate(() => (window as unknown as { __barAtFinish?: number }).__barAtFinish)).toBeCloseTo(1, 2);
  await shot(app, 'send-finished-sample');
  await page.getByRole('button', { name: 'See results' }).click();
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-status="saved"]')).toHaveCount(8);
  await shot(app, 'results-finished');
  await page.getByRole('button', { name: /Jobs/ }).click();
  const job = page.getByTestId('jobs-table').locator('tbody tr').first();
  await expect(job).toContainText('Sandbox');
  await expect(job).not.toContainText('127.0.0.1');
  await shot(app, 'jobs-normal');
});

test('problems: a rejected token, a refused file, a paused send with Cancel, failed rows explained', async ({
  app,
}) => {
  const { page } = app;
  await page.getByLabel('Site address').fill(sim.url);
  await page.getByLabel('Name (optional)').fill('Head office');
  await page.getByLabel('API token').fill('not-the-right-token');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const card = page.locator(`[data-testid="connection"][data-site="${sim.url}"]`);
  await expect(card.getByTestId('connection-status')).toHaveText('Token rejected');
  await expect(card.getByRole('button', { name: 'Continue to Import' })).toHaveCount(0);
  await shot(app, 'connect-problem');
  await card.getByRole('button', { name: 'Replace token' }).click();
  await card.getByLabel(/New API token/).fill(GOOD);
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByTestId('connection-feedback')).toContainText('Connected');
  await card.getByRole('radio').check();

  await importFile(page, 'broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
  await expect(page.getByTestId('import-error')).toContainText('broken.xlsx');
  await shot(app, 'import-problem-refused');

  const rows = [['Customer Number', 'Phone', 'Phone Type']];
  for (let i = 1; i <= 30; i++) rows.push([`C${i}`, `212-555-${String(1000 + i)}`, i % 10 === 0 ? 'Pager' : 'Office']);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Phones');
  await dropFile(page, 'Branch.xlsx', XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
  await page.getByRole('button', { name: 'Review 30 records' }).click();
  // The finding: the Send panel was below the fold. The page is taller than the window; Send stays in view.
  expect(await page.locator('main.content').evaluate((m) => m.scrollHeight > m.clientHeight)).toBe(true);
  await expect(page.getByRole('button', { name: 'Send 30 records' })).toBeInViewport();
  await shot(app, 'review-normal-long');
  await page.getByRole('button', { name: 'Send 30 records' }).click();
  const state = page.getByTestId('send-state');
  await expect(state).toHaveText(/Sending batch [2-5] of 6/);
  await shot(app, 'send-normal');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(state).toHaveText('Paused');
  await expect(page.getByRole('heading', { name: 'Paused “Branch”' })).toBeVisible();
  // Cancel while paused (there was only Resume).
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await shot(app, 'send-problem-paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('send-summary')).toHaveText(
    '27 saved and 3 failed: fix them and send them again (3 rows).',
  );
  await page.getByRole('button', { name: 'See results' }).click();
  await page.getByRole('group', { name: 'Show rows' }).getByRole('button', { name: 'Failed' }).click();
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-status="failed"]')).toHaveCount(3);
  await expect(page.getByTestId('finish-summary')).toContainText('fix them and send them again');
  await shot(app, 'results-problem-failed');
  await page.getByRole('button', { name: 'Fix and retry 3 rows' }).click();
  // The type just refused by Wasp is now known as not existing; the list offers the learned ones.
  await expect(page.getByRole('heading', { name: 'Review 3 records' })).toBeVisible();
  await shot(app, 'review-problem-retry');
  // Bulk replace works in Fix-and-retry too: the three refused types fixed in one action.
  const bulk = page.getByTestId('bulk-fix');
  await bulk.getByLabel('Value to replace').fill('Pager');
  await bulk.getByLabel('Replace with').fill('Mobile');
  await bulk.getByRole('button', { name: 'Replace in 3 rows' }).click();
  await page.getByRole('button', { name: 'Send 3 records' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByTestId('send-summary')).toHaveText('All 3 rows saved in Wasp. Nothing left to do.');
  await page.getByRole('button', { name: /Jobs/ }).click();
  await expect(page.getByTestId('jobs-table').locator('tbody tr').first()).toContainText('Head office');
  await shot(app, 'jobs-finished');
});
