import { lookup } from 'node:dns/promises';
import { test, expect, shot } from './fixtures.js';
import { chooseFile } from './drop-file.js';
import { branchSheet } from '../support/branch-sheet.js';
import { loopbackOnlyFetch } from '../support/loopback-fetch.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { HarnessServices } from '../harness/harness.js';
import { openConnectedTo } from './connected-site.js';

/*
 * Issue 14 in the real renderer: a wrong address is "check the address", not "Offline", and is fixed
 * on Connect; a job moves to another site; a never-tested site is tested before sending.
 * No name resolution leaves the machine: loopbackOnlyFetch answers any non-loopback name as Node's
 * fetch does when getaddrinfo says ENOTFOUND, and "does DNS work" is answered by resolving localhost.
 */

const TOKEN = 'tok-E2E-site-problems-5c6d';
const TYPO = 'https://acme.waspinventorycloud.invalid';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN], latencyMs: 30 });
});
test.afterAll(async () => sim.close());
test.beforeEach(() => sim.reset());
test.use({
  harnessOptions: {
    fetch: loopbackOnlyFetch,
    nameResolutionWorks: async () =>
      lookup('localhost').then(
        () => true,
        () => false,
      ),
    send: { batchSize: 5, pacingMs: 0 },
  },
});

const MAPPING = {
  CustomerNumber: { kind: 'column', column: 'Customer Number' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'column', column: 'Phone Type' },
} as const;

/** A job as a scheduled CLI run would queue it: rows from a real sheet, through main's intake. */
async function queueJob(services: HarnessServices, site: string, n: number, name: string): Promise<string> {
  const rows = Array.from({ length: n }, (_, i) => {
    const cells = [`C${2000 + i}`, `555-02${String(i).padStart(2, '0')}`, 'Office'];
    return {
      row: i + 2,
      cells,
      record: { CustomerNumber: cells[0]!, PhoneNumber: cells[1]!, PhoneExtension: '', PhoneTypeName: 'Office' },
    };
  });
  const created = await services.intake.create({
    name,
    site,
    mapping: MAPPING,
    headers: ['Customer Number', 'Phone', 'Phone Type'],
    rows,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

test('a job to a mistyped host says the address cannot be found (not Offline); correcting it on Connect lets the job finish', async ({
  app,
}) => {
  const { page, services } = app;
  await services.connections.saveToken(TYPO, TOKEN, { label: 'Acme' });
  const id = await queueJob(services, TYPO, 12, 'Typo job');
  await expect.poll(() => services.jobs.listJobs()[0]?.state).toBe('unreachable');
  await page.reload();

  await page.getByRole('button', { name: /Jobs/ }).click();
  const row = page.getByTestId('jobs-table').locator(`tr[data-job="${id}"]`);
  await expect(row).toContainText('Check the address');
  await expect(row.getByTestId('job-unreachable')).toHaveText(
    /^The address acme\.waspinventorycloud\.invalid could not be found: check it on Connect\./,
  );
  await expect(row).not.toContainText('Offline');
  await row.getByRole('button', { name: 'Typo job', exact: true }).click();

  const state = page.getByTestId('send-state');
  await expect(state).toHaveText(
    /^The address acme\.waspinventorycloud\.invalid could not be found: check it on Connect\./,
  );
  await expect(state).not.toContainText('Offline');
  await shot(app, 'site-unreachable-send');

  await page.getByRole('button', { name: 'Fix the address on Connect' }).click();
  const form = page.getByTestId('fix-site');
  await expect(form.getByRole('heading', { name: `Correct the address of ${TYPO}` })).toBeVisible();
  const address = form.getByRole('textbox', { name: 'Corrected site address' });
  await expect(address).toHaveValue(TYPO);
  await expect(address).toBeFocused();
  await address.fill(sim.url);
  await shot(app, 'site-unreachable-fix-form');
  await form.getByRole('button', { name: 'Save, test and move the jobs' }).click();
  await expect(page.getByTestId('fix-site-result')).toHaveText(
    /Connected\. Wasp accepted the token\. 1 job moves to http:\/\/127\.0\.0\.1:\d+ and goes on\./,
  );

  await expect.poll(() => services.jobs.listJobs()[0]?.state, { timeout: 30_000 }).toBe('done');
  expect(services.jobs.listJobs()[0]).toMatchObject({ site: sim.url, counts: { saved: 12, pending: 0 } });
  expect(sim.savedCount()).toBe(12);
  await page.getByRole('button', { name: /Jobs/ }).click();
  await expect(row).toContainText('Finished');
  // Jobs names the site; its address is the cell's title.
  await expect(row.locator('td.site')).toHaveAttribute('title', sim.url);
  await shot(app, 'site-unreachable-fixed');
});

test('a stopped job is moved to the Sandbox from Jobs and finishes there', async ({ app }) => {
  const { page, services } = app;
  await services.connections.saveToken(sim.url, TOKEN, { label: 'Branch' });
  const id = await queueJob(services, TYPO, 9, 'Moving job');
  await expect.poll(() => services.jobs.listJobs()[0]?.state).toBe('unreachable');
  const stopped = await services.jobs.cancel(id);
  expect(stopped.ok && stopped.value.state).toBe('stopped');
  await page.reload();

  await page.getByRole('button', { name: /Jobs/ }).click();
  const row = page.getByTestId('jobs-table').locator(`tr[data-job="${id}"]`);
  await expect(row).toContainText('Stopped');
  await row.getByRole('button', { name: 'Move to another site' }).click();
  const picker = row.getByRole('group', { name: 'Move “Moving job” to another site' });
  const choice = picker.getByRole('combobox', { name: 'Site' });
  // Focus moves into the picker; Escape closes it and returns focus to the button.
  await expect(choice).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Move to another site' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(choice).toBeFocused();
  await choice.selectOption({ label: `Sandbox (${services.sandboxSite})` });
  await shot(app, 'move-job-picker');
  await picker.getByRole('button', { name: 'Move' }).click();
  await expect(row.locator('td.site')).toHaveText('Sandbox');
  // A stopped job stays stopped until the user resumes it.
  await expect(row).toContainText('Stopped');
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  expect(services.jobs.listJobs()[0]).toMatchObject({
    id,
    site: services.sandboxSite,
    state: 'done',
    counts: { saved: 9, pending: 0 },
  });
  await shot(app, 'move-job-finished');
});

test('a site that was never tested is tested before sending, and the app says so', async ({ app }) => {
  const { page, services } = app;
  await openConnectedTo(app, sim.url, TOKEN, { label: 'Branch' });
  await chooseFile(page, 'Branch.xlsx', branchSheet(6, 0).bytes);
  await page.getByRole('button', { name: 'Review 6 records' }).click();
  const callsBefore = sim.inspect().calls;
  await page.getByRole('button', { name: 'Send 6 records' }).click();
  await expect(page.getByTestId('pre-send-note')).toHaveText('Tested Branch before sending: it works.');
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  // One probe (an empty save) before the batches.
  expect(
    sim
      .inspect()
      .log.slice(0, 1)
      .map((c) => c.records),
  ).toEqual([0]);
  expect(sim.inspect().calls).toBeGreaterThan(callsBefore + 1);
  expect((await services.connections.view(sim.url))?.lastResult).toBe('ok');
  await shot(app, 'test-before-send');
});

test('a site that is busy when tested before sending gets the job queued, said as busy, and sent when Wasp takes calls again', async ({
  app,
}) => {
  const { page, services } = app;
  await openConnectedTo(app, sim.url, TOKEN, { label: 'Branch' });
  await chooseFile(page, 'Branch.xlsx', branchSheet(5, 0).bytes);
  await page.getByRole('button', { name: 'Review 5 records' }).click();
  // The test call before sending is answered 429 (reset in 1 s); the calls after it are not.
  sim.script({ kind: 'http', status: 429, resetSeconds: 1 });
  await page.getByRole('button', { name: 'Send 5 records' }).click();
  await expect(page.getByTestId('pre-send-note')).toHaveText(
    'Tested Branch before sending: Wasp is busy right now. The job is queued and is sent by itself as soon as Wasp takes calls again.',
  );
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  expect(sim.savedCount()).toBe(5);
  expect((await services.connections.view(sim.url))?.lastResult).toBe('busy');
  await shot(app, 'test-before-send-busy');
});

test('a site whose last test failed is tested again before sending; a rejected token stops it before anything is queued', async ({
  app,
}) => {
  const { page, services } = app;
  await services.connections.saveToken(sim.url, 'tok-wrong-for-this-site', { label: 'Branch' });
  await services.connections.recordVerification(sim.url, 'invalid-token', 'Wasp rejected this token.');
  await services.connections.setDefault(sim.url);
  await page.reload();
  await chooseFile(page, 'Branch.xlsx', branchSheet(4, 0).bytes);
  await page.getByRole('button', { name: 'Review 4 records' }).click();
  await page.getByRole('button', { name: 'Send 4 records' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Tested Branch before sending: Wasp rejected its token (invalid, expired or replaced). Nothing was sent; replace the token on Connect, then send again.',
  );
  expect(services.jobs.listJobs()).toEqual([]);
  expect(sim.savedCount()).toBe(0);
  await shot(app, 'test-before-send-refused');
});

test('a wasp-phones import started while the app is open is taken up by the app and shown in Jobs; the CLI exits 0', async ({
  app,
}) => {
  const { page, services } = app;
  await services.connections.saveToken(sim.url, TOKEN, { label: 'Branch' });
  await page.reload();
  await page.getByRole('button', { name: /Jobs/ }).click();
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const nodePath = await import('node:path');
  const join = (...parts: string[]): string => nodePath.join(...parts);
  const { runCli, lastJson } = await import('../support/cli-runner.js');
  const folder = await mkdtemp(join(tmpdir(), 'wasp-e2e-cli-'));
  const file = join(folder, 'Scheduled.xlsx');
  await writeFile(file, branchSheet(7, 0).bytes);
  const r = await runCli(['import', file, '--site', sim.url, '--json', '--data-dir', app.dataDir], {
    WASP_TOKEN: TOKEN,
  });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/The Wasp Phone Importer app \(process \d+\) is sending from this data folder/);
  const summary = lastJson<{ jobId: string; saved: number }>(r.stdout);
  expect(summary.saved).toBe(7);
  const row = page.getByTestId('jobs-table').locator(`tr[data-job="${summary.jobId}"]`);
  await expect(row).toContainText('Scheduled');
  await expect(row).toContainText('Finished');
  expect(sim.savedCount()).toBe(7);
  await shot(app, 'cli-job-taken-up-by-app');
  await rm(folder, { recursive: true, force: true });
});
