import { test, expect, shot } from './fixtures.js';
import { importFile } from './drop-file.js';

// 24 batches at least 100 ms apart: the send lasts long enough for Results to watch part of it.
test.use({ harnessOptions: { send: { pacingMs: 100 } } });

/** A 12,000-row CSV: enough for several pages of the paged creation and 24 batches. */
function csv(rows: number): Uint8Array {
  const lines = ['Customer Number,Phone,Ext,Phone Type'];
  for (let i = 0; i < rows; i++)
    lines.push(`C${100_000 + i},+1 212 555 ${String(i % 10_000).padStart(4, '0')},,Office`);
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

test('Review sends the job in pages (begin, pages, commit), and Results asks for pages at most every 400 ms while it sends', async ({
  app,
}) => {
  const { page } = app;
  await importFile(page, 'twelve-thousand.csv', csv(12_000), 'text/csv');
  await page.getByRole('button', { name: 'Review 12,000 records' }).click();
  await expect(page.getByRole('heading', { name: 'Review 12,000 records' })).toBeVisible();
  const send = page.getByRole('button', { name: 'Send 12,000 records' });
  await expect(send).toBeEnabled({ timeout: 30_000 });
  const before = app.bridgeLog.length;
  await send.click();
  // Once the job is committed the app moves to Send by itself; then open Results while it sends.
  await expect(page.getByTestId('send-state')).toBeVisible({ timeout: 60_000 });
  const watching = Date.now();
  const resultsFrom = app.bridgeLog.length;
  await page
    .getByRole('button', { name: /Results/ })
    .first()
    .click();
  const job = () => app.services.jobs.listJobs()[0];
  await expect(page.getByRole('heading', { name: /Results of/ })).toBeVisible();
  await expect.poll(() => job()?.state, { timeout: 60_000 }).toBe('done');
  const elapsed = Date.now() - watching;
  await expect(page.getByRole('heading', { name: /Results of/ })).toBeVisible();
  await shot(app, 'results-after-paged-send');

  const created = app.bridgeLog
    .slice(before, resultsFrom)
    .map((c) => c.name)
    .filter((n) => ['beginJob', 'addJobRows', 'commitJob', 'abandonJob', 'createJob'].includes(n));
  // Pages end by their length (256 KiB of JSON, about 1,500 of these rows): never one message for all 12,000.
  expect(created[0]).toBe('beginJob');
  expect(created.at(-1)).toBe('commitJob');
  expect(created.slice(1, -1).every((n) => n === 'addJobRows')).toBe(true);
  expect(created.length - 2).toBeGreaterThanOrEqual(3);
  expect(app.bridgeLog.some((c) => c.name === 'createJob')).toBe(false);
  expect(job()!.counts).toMatchObject({ total: 12_000, saved: 12_000 });
  // Throttled: one page at once, then at most one per 400 ms (the old screen asked on every batch).
  const pages = app.bridgeLog.slice(resultsFrom).filter((c) => c.name === 'getJobRows').length;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(2 + Math.ceil(elapsed / 400));
});
