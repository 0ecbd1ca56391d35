import { test, expect, shot } from './fixtures.js';
import { chooseFile } from './drop-file.js';
import { branchSheet } from '../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openConnectedTo } from './connected-site.js';

const TOKEN = 'tok-E2E-controls-1a2b';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN], latencyMs: 200 });
});
test.afterAll(async () => sim.close());
// One call at a time, so "the call in flight when Pause was pressed" is one batch of 5 (adaptive
// sending would have up to 4 in flight, all of which may land).
test.use({ harnessOptions: { send: { batchSize: 5, pacingMs: 0, concurrency: 1 } } });

test('pause, resume, cancel (rows stay queued), resume from Jobs, then delete with confirmation — by keyboard where a user would', async ({
  app,
}) => {
  const { page } = app;
  await openConnectedTo(app, sim.url, TOKEN);

  // Keyboard: the file picker opens from the focused button with Enter.
  await chooseFile(page, 'Controls.xlsx', branchSheet(50, 0).bytes);
  await page.getByRole('button', { name: 'Review 50 records' }).click();
  await page.getByRole('button', { name: 'Send 50 records' }).click();

  const state = page.getByTestId('send-state');
  await expect(state).toHaveText(/Sending batch [2-9] of 10/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(state).toHaveText('Paused');
  // The call in flight when Pause was pressed may still land on the server (its rows stay pending and
  // are resent later, an upsert); after that nothing more is sent. whenSettled resolves once the
  // paused job's run has ended (that call answered or abandoned), so no run exists that could send
  // until Resume below starts one. Then wait for the server to have applied every call it received
  // (each carries 5 new customers), the event that ends "may still land".
  await app.services.jobs.whenSettled();
  const callsSettled = sim.inspect().calls;
  const recordCalls = sim.inspect().recordCalls;
  await expect.poll(() => sim.savedCount()).toBe(5 * recordCalls);
  expect(sim.inspect().calls).toBe(callsSettled);
  await expect(state).toHaveText('Paused');
  await shot(app, 'controls-paused');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText(/Sending batch/);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(state).toHaveText('Stopped: unsent rows stay queued');
  const job = app.services.jobs.listJobs()[0]!;
  expect(job.counts.pending).toBeGreaterThan(0);
  expect(job.counts.saved + job.counts.pending).toBe(50);

  await page.getByRole('button', { name: /Jobs/ }).click();
  const row = page.getByTestId('jobs-table').locator('tbody tr');
  await expect(row).toContainText('Stopped');
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  expect(sim.savedCount()).toBe(50);
  // 10 batches, plus at most the call Pause and the call Cancel each abandoned (resent later). Every
  // batch sent twice (two runs of one job: commitJob and the queue watch both took it up) was 20.
  expect(sim.inspect().recordCalls).toBeLessThanOrEqual(12);

  await page.getByRole('button', { name: /Jobs/ }).click();
  const jobDir = join(app.dataDir, 'jobs', job.id);
  expect(existsSync(jobDir)).toBe(true);
  // Dismissing the confirmation keeps the job; accepting deletes it and its files.
  page.once('dialog', (d) => void d.dismiss());
  await row.getByRole('button', { name: 'Delete Controls' }).click();
  await expect(row).toHaveCount(1);
  page.once('dialog', (d) => {
    expect(d.message()).toContain('Delete the job “Controls”');
    void d.accept();
  });
  await row.getByRole('button', { name: 'Delete Controls' }).click();
  await expect(page.getByText('No jobs yet.')).toBeVisible();
  expect(existsSync(jobDir)).toBe(false);
});
