import { test, expect, shot } from './fixtures.js';
import { expectNoAxeViolations } from './axe.js';
import { dropFile } from './drop-file.js';
import { branchSheet } from '../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { Page } from '@playwright/test';
import { openConnectedTo } from './connected-site.js';

const TOKEN = 'tok-E2E-speed-9f8e';
let sim: Simulator;
test.beforeAll(async () => {
  // Answers slow enough that calls overlap once the app sends more than one at a time.
  sim = await startSimulator({ tokens: [TOKEN], latencyMs: 150 });
});
test.afterAll(async () => sim.close());
// Batches of 5 so that a 60-row sheet takes 12 calls; no concurrency here: the saved setting decides.
test.use({ harnessOptions: { keepDataDir: true, send: { batchSize: 5, pacingMs: 0 } } });

/** Imports a 60-row sheet and sends it to the end; returns the most save calls the simulator saw in flight. */
async function sendSheet(page: Page, name: string): Promise<number> {
  const from = sim.inspect().log.length;
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await dropFile(page, name, branchSheet(60, 0).bytes);
  await page.getByRole('button', { name: 'Review 60 records' }).click();
  await page.getByRole('button', { name: 'Send 60 records' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 60_000 });
  const calls = sim
    .inspect()
    .log.slice(from)
    .filter((c) => c.records > 0);
  // Each batch once: 12 calls of 5 (a job sent by two runs at once would make 24).
  expect(calls.map((c) => c.records)).toEqual(Array<number>(12).fill(5));
  return Math.max(...calls.map((c) => c.inFlight));
}

test('Sending speed on Connect: one call at a time takes effect on the next send and is kept after a restart', async ({
  app,
  chromiumBrowser,
}) => {
  const { page } = app;
  await openConnectedTo(app, sim.url, TOKEN);

  // As installed: adjusts by itself, so a send has more than one call in flight once Wasp answers fast.
  expect(await sendSheet(page, 'Adaptive.xlsx')).toBeGreaterThan(1);

  await page.getByRole('button', { name: /Connect/ }).click();
  const group = page.getByRole('group', { name: 'Sending speed' });
  await expect(group).toBeVisible();
  const adaptive = group.getByRole('radio', { name: 'Adjust automatically (up to 4 calls at once)', exact: true });
  const one = group.getByRole('radio', { name: 'One call at a time', exact: true });
  await expect(adaptive).toBeChecked();
  await expect(group).toContainText('How many calls the app makes to Wasp at the same time');
  await expectNoAxeViolations(page, 'Connect, sending speed');

  // By keyboard: Tab reaches the checked option, an arrow key picks the other one (a radio group).
  await adaptive.focus();
  await page.keyboard.press('ArrowDown');
  await expect(one).toBeChecked();
  await expect(one).toBeFocused();
  await expect(page.getByTestId('sending-speed-status')).toHaveText(
    'Saved. From the next send on, the app makes one call to Wasp at a time.',
  );
  await group.scrollIntoViewIfNeeded();
  await shot(app, 'connect-sending-speed');
  await expectNoAxeViolations(page, 'Connect, sending speed saved');

  // The next send: never more than one call in flight.
  expect(await sendSheet(page, 'One at a time.xlsx')).toBe(1);
  await app.close();

  // Started again on the same data folder: the choice is still in force, on screen and in main.
  const { startHarness } = await import('../harness/harness.js');
  const again = await startHarness(chromiumBrowser, { dataDir: app.dataDir, send: { batchSize: 5, pacingMs: 0 } });
  try {
    expect(again.services.jobs.maxParallel).toBe(1);
    await again.page.getByRole('button', { name: /Connect/ }).click();
    const groupAgain = again.page.getByRole('group', { name: 'Sending speed' });
    await expect(groupAgain.getByRole('radio', { name: 'One call at a time', exact: true })).toBeChecked();
    await expect(
      groupAgain.getByRole('radio', { name: 'Adjust automatically (up to 4 calls at once)', exact: true }),
    ).not.toBeChecked();
  } finally {
    await again.close();
  }
});
