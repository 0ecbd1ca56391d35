import { test, expect, shot } from './fixtures.js';
import { importFile } from './drop-file.js';
import { branchSheet } from '../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const FIRST = 'tok-LEAKCHECK-first-8c1d4e';
const SECOND = 'tok-LEAKCHECK-second-93fa0b';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [FIRST], phoneTypes: ['Office', 'Mobile'], latencyMs: 120 });
});
test.afterAll(async () => sim.close());
// One call at a time: the test watches the job at a batch in the middle (adaptive sending could
// have every batch answered before the first check).
test.use({ harnessOptions: { send: { batchSize: 5, pacingMs: 0, concurrency: 1 } } });

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    // Regular files only: the sender lock's liveness socket holds no bytes and cannot be read.
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

test('a token rejected mid-job opens Connect; a new token resumes the job; no token is ever outside main', async ({
  app,
}) => {
  const { page } = app;
  sim.reset();
  // Entered through the UI like a user: the first token works.
  await page.getByLabel('Site address').fill(sim.url);
  await page.getByLabel('API token').fill(FIRST);
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(page.locator(`[data-site="${sim.url}"]`).getByTestId('connection-status')).toContainText('Working');
  await page.locator(`[data-site="${sim.url}"]`).getByRole('radio').check();

  const { bytes } = branchSheet(40, 0);
  await importFile(page, 'Leak check.xlsx', bytes);
  await page.getByRole('button', { name: 'Review 40 records' }).click();
  await page.getByRole('button', { name: 'Send 40 records' }).click();
  await expect(page.getByTestId('send-state')).toHaveText(/Sending batch [2-6] of 8/);

  // Wasp disables the token (a new one was generated in Wasp): the job stops on the next 401.
  sim.setOptions({ tokens: [SECOND] });
  await expect(page.getByTestId('connection-needed')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('connection-needed')).toContainText('Token rejected: reconnect to continue');
  const pendingBefore = app.services.jobs.listJobs()[0]!.counts.pending;
  expect(pendingBefore).toBeGreaterThan(0);
  await shot(app, 'token-rejected-connect');

  const card = page.locator(`[data-testid="connection"][data-site="${sim.url}"]`);
  await card.getByLabel(/New API token/).fill(SECOND);
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByTestId('connection-feedback')).toContainText('Connected');
  await expect.poll(() => app.services.jobs.listJobs()[0]?.state, { timeout: 20_000 }).toBe('done');
  expect(app.services.jobs.listJobs()[0]!.counts).toMatchObject({ saved: 40, pending: 0 });
  expect(sim.savedCount()).toBe(40);

  // Export the report, then look for either token everywhere it must not be.
  await page.getByRole('button', { name: /Jobs/ }).click();
  await page.getByRole('button', { name: 'Leak check', exact: true }).click();
  await page.getByRole('button', { name: 'Export report (.xlsx)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Report saved to' })).toBeVisible();
  await page.getByRole('button', { name: 'Export .csv' }).click();
  await expect(page.getByRole('status').filter({ hasText: '.csv' })).toBeVisible();

  const files = [...(await filesUnder(app.dataDir)), ...(await filesUnder(app.exportsDir))];
  expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
  expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
  for (const file of files) {
    if ((await stat(file)).size > 50 * 1024 * 1024) continue;
    const bytes = await readFile(file);
    for (const secret of [FIRST, SECOND]) {
      expect(bytes.includes(Buffer.from(secret)), `${secret} found in ${file}`).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) found in ${file}`).toBe(false);
    }
  }
  const everythingTheRendererSaw = JSON.stringify(app.bridgeLog) + (await page.content());
  for (const secret of [FIRST, SECOND]) expect(everythingTheRendererSaw).not.toContain(secret);
});
