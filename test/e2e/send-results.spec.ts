import { test, expect, shot } from './fixtures.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import type { CreateJobRequest } from '../../shared/ipc/request-schemas.js';
import { PHONE_FIELDS } from '../../shared/domain/phone-record.js';
import { readFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';

const TOKEN = 'tok-E2E-send-91b2';
let sim: Simulator;
test.beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN], phoneTypes: ['Office', 'Mobile'], latencyMs: 40 });
});
test.afterAll(async () => sim.close());

function request(site: string, n: number): CreateJobRequest {
  const headers = ['Cust #', 'Telephone', 'Ext', 'Kind'];
  const rows = Array.from({ length: n }, (_, i) => {
    const type = i % 7 === 3 ? 'Pager' : i % 2 ? 'Mobile' : 'Office';
    const record = {
      CustomerNumber: `C${1000 + i}`,
      PhoneNumber: `555-01${String(i).padStart(2, '0')}`,
      PhoneExtension: '',
      PhoneTypeName: type,
    };
    return { row: i + 2, cells: [record.CustomerNumber, record.PhoneNumber, '', type], record };
  });
  const mapping = Object.fromEntries(
    PHONE_FIELDS.map((f, i) => [f, { kind: 'column' as const, column: headers[i]! }]),
  ) as CreateJobRequest['mapping'];
  return { name: 'Branch list', site, mapping, headers, rows };
}

test('send a job with faults: progress states in words, failed rows explained, report exported without formulas', async ({
  app,
}) => {
  const { page } = app;
  await app.services.connections.saveToken(sim.url, TOKEN);
  sim.reset();
  sim.script({ kind: 'http', status: 429, resetSeconds: 2 }, { kind: 'http', status: 503 }, { kind: 'reset' });
  const created = await page.evaluate(
    async (req) =>
      (
        window as unknown as { wasp: { createJob(r: unknown): Promise<{ ok: boolean; value: { id: string } }> } }
      ).wasp.createJob(req),
    request(sim.url, 40),
  );
  expect(created.ok).toBe(true);
  await page.getByRole('button', { name: /Jobs/ }).click();
  await page.getByRole('button', { name: 'Branch list' }).first().click();
  const state = page.getByTestId('send-state');
  // The state line's own changes, not samples: first Wasp's 2 s wait (the scripted 429), then the end.
  await expect(state).toHaveText(/Wasp asked us to wait \d+ s/);
  await shot(app, 'send-waiting');
  await expect(state).toHaveText('Finished', { timeout: 30_000 });
  await shot(app, 'send-finished');
  await page.getByRole('button', { name: 'See results' }).click();
  await page.getByRole('button', { name: 'Failed', exact: true }).click();
  const failed = page.locator('[data-testid="results-table"] tbody tr[data-status="failed"]');
  const expectedFailed = request(sim.url, 40)
    .rows.filter((r) => r.record.PhoneTypeName === 'Pager')
    .map((r) => String(r.row));
  await expect(failed).toHaveCount(expectedFailed.length);
  expect(await failed.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-row')))).toEqual(expectedFailed);
  await expect(failed.first()).toContainText('Wasp does not know this phone type');
  await expect(failed.first()).toContainText('Wasp said:');
  await shot(app, 'results-failed');

  await page.getByRole('button', { name: 'Export report (.xlsx)' }).click();
  await expect(page.getByTestId('report-path')).toBeVisible();
  const path = (await page.getByTestId('report-path').textContent())!.trim();
  const book = XLSX.read(await readFile(path), { cellFormula: true });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false });
  expect(rows[0]).toEqual(['Row', 'Cust #', 'Telephone', 'Ext', 'Kind', 'Status', 'Message', 'What it means']);
  expect(rows).toHaveLength(41);
  expect(rows.filter((r) => r[5] === 'failed').map((r) => r[0])).toEqual(expectedFailed);
  expect(rows.filter((r) => r[5] === 'saved')).toHaveLength(40 - expectedFailed.length);
  expect(Object.values(sheet).some((c) => typeof c === 'object' && c !== null && 'f' in c)).toBe(false);
});
