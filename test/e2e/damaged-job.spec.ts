import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, shot } from './fixtures.js';
import { JobService } from '../../main/jobs/job-service.js';
import { job, rows } from '../support/sending-fixtures.js';

// A data folder prepared before the app opens it: one healthy job and one whose journal was lost.
const dataDir = mkdtempSync(join(tmpdir(), 'wasp-e2e-damaged-'));
let damagedId = '';
test.use({ harnessOptions: { dataDir } });

test.beforeAll(async () => {
  const opened = await JobService.open({ dataDir, getToken: async () => null, version: '1.0.0', owner: 'app' });
  if (!opened.ok) throw new Error(opened.error.message);
  const healthy = await opened.value.createJob({
    ...job('http://127.0.0.1:9', rows(3), 'Healthy branch'),
    start: false,
  });
  const damaged = await opened.value.createJob({
    ...job('http://127.0.0.1:9', rows(1000), 'Lost journal'),
    start: false,
  });
  if (!healthy.ok || !damaged.ok) throw new Error('could not create the jobs');
  damagedId = damaged.value.id;
  await opened.value.close();
  await rm(join(dataDir, 'jobs', damagedId, 'journal.jsonl'));
});
test.afterAll(async () => rm(dataDir, { recursive: true, force: true }));

test('a job whose files cannot be read is listed as damaged with what to do, and can be deleted', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /Jobs/ }).click();
  const table = page.getByTestId('jobs-table');
  const damaged = table.locator(`tr[data-job="${damagedId}"]`);
  await expect(damaged).toContainText('Lost journal');
  await expect(damaged).toContainText('Damaged');
  await expect(damaged).toContainText(/journal\.jsonl\) is missing/);
  await expect(damaged).toContainText(/Import the sheet again/);
  await expect(damaged.getByRole('button', { name: 'Open' })).toHaveCount(0);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText('Healthy branch');
  await shot(app, 'jobs-damaged-row');

  page.once('dialog', (d) => void d.accept());
  await damaged.getByRole('button', { name: 'Delete Lost journal' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  expect(app.services.jobs.listJobs().map((j) => j.name)).toEqual(['Healthy branch']);
});
