import { test, expect, shot } from './fixtures.js';
import { importFile } from './drop-file.js';
import { branchSheet } from '../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { openConnectedTo } from './connected-site.js';

const TOKEN = 'tok-E2E-flow-5d31';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN], phoneTypes: ['Office', 'Mobile'], latencyMs: 60 });
});
test.afterAll(async () => sim.close());
test.use({
  harnessOptions: {
    send: { batchSize: 10, pacingMs: 50, backoff: { baseMs: 300, capMs: 1_000, maxServerWaitMs: 10_000 } },
  },
});

test('import → review → send through faults → failed rows explained → fix and retry → all saved', async ({ app }) => {
  const { page } = app;
  sim.reset();
  await openConnectedTo(app, sim.url, TOKEN, { label: 'Test tenant' });

  const { bytes, pagerRows } = branchSheet(30);
  await importFile(page, 'Branch phones.xlsx', bytes);
  await page.getByRole('button', { name: 'Review 30 records' }).click();
  await expect(page.getByRole('combobox', { name: 'Send to' })).toHaveValue(sim.url);

  // Every text the state line shows, recorded in the page as it changes (no sampling gaps).
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="send-state"]')?.textContent?.trim() ?? '';
      if (t && w.__states.at(-1) !== t) w.__states.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // A 429 with Wasp's reset header, a 503, then a dropped connection, on the first calls.
  sim.script({ kind: 'http', status: 429, resetSeconds: 2 }, { kind: 'http', status: 503 }, { kind: 'reset' });
  await page.getByRole('button', { name: 'Send 30 records' }).click();
  // Early: once the first batch (the scripted 429) has reached Wasp and the Send screen shows its state.
  await expect.poll(() => sim.inspect().recordCalls).toBeGreaterThan(0);
  await expect(page.getByTestId('send-state')).toBeVisible();
  await shot(app, 'flow-send-early');

  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 40_000 });
  const seen = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
  const firstWait = seen.findIndex((s) => /^Wasp asked us to wait \d+ s$/.test(s));
  const lastBatch = seen.lastIndexOf('Sending batch 3 of 3');
  expect(firstWait, seen.join(' → ')).toBeGreaterThanOrEqual(0);
  expect(lastBatch, seen.join(' → ')).toBeGreaterThan(firstWait);
  expect(seen.at(-1)).toBe('Finished');
  await expect(page.getByTestId('send-counts')).toContainText(new RegExp(`Failed\\s*${pagerRows.length}\\b`));
  await shot(app, 'flow-send-finished');

  await page.getByRole('button', { name: 'See results' }).click();
  await page.getByRole('button', { name: 'Failed', exact: true }).click();
  const failed = page.locator('[data-testid="results-table"] tbody tr[data-status="failed"]');
  await expect(failed).toHaveCount(pagerRows.length);
  expect(await failed.evaluateAll((trs) => trs.map((t) => Number(t.getAttribute('data-row'))))).toEqual(pagerRows);
  await expect(failed.first()).toContainText('Create the phone type in Wasp first');
  await shot(app, 'flow-results-failed');

  // Fix: the failed rows come back to Review, editable; change the type and send them as a new job.
  await page
    .getByRole('button', { name: /^Fix and retry/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: `Review ${pagerRows.length} records` })).toBeVisible();
  for (const r of pagerRows) {
    const input = page.locator(`.tr[data-row="${r}"]`).getByLabel(`Phone type, row ${r}`);
    await input.fill('Mobile');
    await input.press('Enter');
  }
  await shot(app, 'flow-retry-review');
  await page.getByRole('button', { name: `Send ${pagerRows.length} records` }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  await page.getByRole('button', { name: 'See results' }).click();
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-status="saved"]')).toHaveCount(
    pagerRows.length,
  );

  // Every one of the 30 customers is now in Wasp, each written once per successful send.
  const saved = sim.inspect().saved;
  const customers = new Set(saved.map((s) => s.customer));
  expect(customers.size).toBe(30);
  await page.getByRole('button', { name: /Jobs/ }).click();
  await expect(page.getByTestId('jobs-table').locator('tbody tr')).toHaveCount(2);
  await shot(app, 'flow-jobs');
});

test.describe('closing and reopening the app mid-job', () => {
  // One call at a time (no adaptive growth): the job must still be sending when the window reopens.
  test.use({ harnessOptions: { keepDataDir: true, send: { batchSize: 5, pacingMs: 0, concurrency: 1 } } });

  test('the job shows in history after a restart and resumes by itself', async ({ app, chromiumBrowser }) => {
    const { startHarness } = await import('../harness/harness.js');
    sim.reset();
    sim.setOptions({ latencyMs: 250 });
    await openConnectedTo(app, sim.url, TOKEN);
    const { bytes } = branchSheet(40, 0);
    await importFile(app.page, 'Restart test.xlsx', bytes);
    await app.page.getByRole('button', { name: 'Review 40 records' }).click();
    await app.page.getByRole('button', { name: 'Send 40 records' }).click();
    await expect(app.page.getByTestId('send-state')).toHaveText(/Sending batch [2-4] of 8/);
    // The app closes mid-send (the window and main's services stop).
    await app.close();
    const savedBefore = sim.savedCount();
    expect(savedBefore).toBeLessThan(40);

    // Started again with the same data folder: the queued job is listed and continues on its own.
    const again = await startHarness(chromiumBrowser, {
      dataDir: app.dataDir,
      send: { batchSize: 5, pacingMs: 0, concurrency: 1 },
    });
    try {
      await again.services.connections.saveToken(sim.url, TOKEN);
      await again.services.jobs.tokenChanged(sim.url);
      // The app (window reopened) starts on the job that is still going.
      await again.page.reload();
      await expect(again.page.getByRole('heading', { name: 'Sending “Restart test”' })).toBeVisible();
      await again.page.getByRole('button', { name: /Jobs/ }).click();
      const row = again.page.getByTestId('jobs-table').locator('tbody tr');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('Restart test');
      await shot(again, 'restart-jobs');
      await expect(row).toContainText('Finished', { timeout: 30_000 });
      expect(sim.savedCount()).toBe(40);
      const job = again.services.jobs.listJobs()[0]!;
      expect(job.counts).toMatchObject({ total: 40, saved: 40, pending: 0, failed: 0 });
      // A batch in flight at the close may be resent once (an upsert), never more.
      expect(sim.inspect().saved.every((s) => s.writes <= 2)).toBe(true);
    } finally {
      await again.close();
      sim.setOptions({ latencyMs: 60 });
    }
  });
});
