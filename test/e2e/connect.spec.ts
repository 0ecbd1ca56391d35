import { test, expect, shot } from './fixtures.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const GOOD = 'tok-E2E-connect-4f9a1c7e2b';
const LIMITED = 'tok-E2E-noperm-77aa';

let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [GOOD], noPermissionTokens: [LIMITED] });
});
test.afterAll(async () => {
  await sim.close();
});

test('connect to a site: wrong token, missing permission, then a working token that the page never holds', async ({
  app,
}) => {
  const { page } = app;
  // Any URL of the site works: the app keeps its origin.
  await page.getByLabel('Site address').fill(`${sim.url}/inventory/customers?tab=2`);
  await expect(page.getByText(`Will be saved as ${sim.url}`)).toBeVisible();
  await page.getByLabel('Name (optional)').fill('Test tenant');

  await page.getByLabel('API token').fill('not-the-right-token');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  const card = page.locator(`[data-testid="connection"][data-site="${sim.url}"]`);
  await expect(card.getByTestId('connection-feedback')).toContainText('Wasp rejected this token');
  await expect(card.getByTestId('connection-status')).toHaveText('Token rejected');
  await shot(app, 'connect-wrong-token');

  await card.getByRole('button', { name: 'Replace token' }).click();
  await card.getByLabel(/New API token/).fill(LIMITED);
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByTestId('connection-feedback')).toContainText(/Update Customer/);
  await expect(card.getByTestId('connection-status')).toHaveText('Token lacks permission');

  await card.getByRole('button', { name: 'Replace token' }).click();
  await card.getByLabel(/New API token/).fill(GOOD);
  await card.getByRole('button', { name: 'Save and test' }).click();
  await expect(card.getByTestId('connection-feedback')).toContainText('Connected');
  await expect(card.getByTestId('connection-status')).toContainText('Working');
  await shot(app, 'connect-working');

  // The token went to main and stays there: not in the DOM, not in any input, not in anything the bridge returned.
  const html = await page.content();
  const inputs = await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  for (const secret of [GOOD, LIMITED]) {
    expect(html).not.toContain(secret);
    expect(inputs.join('\n')).not.toContain(secret);
    expect(JSON.stringify(app.bridgeLog)).not.toContain(secret);
  }
  // …and the simulator saw it as the bearer token, so it was really stored and used.
  expect(sim.inspect().log.some((c) => c.outcome !== 401 && c.outcome !== 403)).toBe(true);
  expect(await app.services.connections.tokenFor(sim.url)).toBe(GOOD);
  if (process.env['WASP_TEST_KEYRING'] === '1') {
    // The real Secret Service holds it, under the app's service name and the site's origin.
    const { stdout } = await promisify(execFile)('secret-tool', [
      'lookup',
      'service',
      'Wasp Phone Importer',
      'account',
      sim.url,
    ]);
    expect(stdout.trim()).toBe(GOOD);
  } else {
    console.log(
      'connect.spec: not inside test/keychain/with-keyring.sh, so the token went to an in-memory store; the OS keychain check was skipped.',
    );
  }
});

test('a site address that is not https is refused with a plain reason', async ({ app }) => {
  const { page } = app;
  await page.getByLabel('Site address').fill('http://acme.waspinventorycloud.com');
  await expect(page.getByText(/must start with https/)).toBeVisible();
  await page.getByLabel('API token').fill('whatever');
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect(page.getByRole('alert')).toContainText(/https/);
  expect((await app.services.connections.list()).some((c) => c.site.includes('acme'))).toBe(false);
});
