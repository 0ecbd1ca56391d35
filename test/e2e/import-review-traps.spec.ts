import * as XLSX from 'xlsx';
import { readFile } from 'node:fs/promises';
import { test, expect, shot } from './fixtures.js';
import { importFile } from './drop-file.js';

function xlsx(sheetName: string, rows: string[][]): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheetName);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
}

/** A customer list as a German office exports it: its own header words, Munich and Berlin numbers. */
const GERMAN = xlsx('Telefone', [
  ['Kundennummer', 'Firma', 'Telefon', 'Durchwahl', 'Typ'],
  ['10023', 'Müller GmbH', '089/6237510', '12', 'Office'],
  ['10024', 'Schmidt KG', '030 2345678', '', 'Mobile'],
  ['10025', 'Weber AG', '0711 1234567', '3', 'Office'],
]);

test('a German sheet converts with Germany, is a warning with before/after under the wrong country, and the country does not carry to the next file', async ({
  app,
}) => {
  const { page } = app;
  await importFile(page, 'Kunden.xlsx', GERMAN);
  // German header words matched by themselves (Kundennummer and Durchwahl were not).
  await expect(page.locator('#map-CustomerNumber')).toHaveValue('Kundennummer');
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Telefon');
  await expect(page.locator('#map-PhoneExtension')).toHaveValue('Durchwahl');
  await expect(page.locator('#map-PhoneTypeName')).toHaveValue('Typ');

  await page.getByRole('combobox', { name: 'Phone numbers' }).selectOption('e164');
  // A list of countries by name: "Germany" is Germany, not cut to "GE" (Georgia).
  await page.getByLabel('Country of numbers without +').selectOption({ label: 'Germany (+49)' });
  await shot(app, 'import-normal-country');
  await page.getByRole('button', { name: 'Review 3 records' }).click();
  const row = (n: number) => page.locator(`.tr[data-row="${n}"]`);
  await expect(row(2).getByLabel('Phone number, row 2')).toHaveValue('+49896237510');
  await expect(row(2)).toHaveAttribute('data-status', 'ok');
  await expect(row(3).getByLabel('Phone number, row 3')).toHaveValue('+49302345678');
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await expect(page.getByTestId('ready-to-send')).toHaveText('No problems: ready to send.');
  await shot(app, 'review-finished-ready');

  // The finding: with the US default, 089/6237510 became +10896237510 and was marked ok.
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await page.getByLabel('Country of numbers without +').selectOption({ label: 'United States (+1)' });
  await page.getByRole('button', { name: 'Review 3 records' }).click();
  await expect(row(2).getByLabel('Phone number, row 2')).toHaveValue('+10896237510');
  await expect(row(2)).toHaveAttribute('data-status', 'warning');
  await expect(page.getByTestId('review-counts')).toContainText('0 ok');
  // The row's whole list of problems opens for the row in focus.
  await row(2).locator('.problem').click();
  const beforeAfter = page.getByTestId('row-problems').getByTestId('before-after');
  await expect(beforeAfter).toContainText('In the sheet089/6237510');
  await expect(beforeAfter).toContainText('Would be sent+10896237510');
  await expect(page.getByTestId('row-problems')).toContainText('not a valid number in United States (+1)');
  await shot(app, 'review-problem-conversion');

  // The next file opens with its own settings: the last file's format and country did not come along.
  await importFile(
    page,
    'Other office.xlsx',
    xlsx('Phones', [
      ['Customer', 'Phone', 'Type'],
      ['C1', '089/6237510', 'Office'],
    ]),
  );
  await expect(page.locator('#map-CustomerNumber')).toHaveValue('Customer');
  await expect(page.getByRole('combobox', { name: 'Phone numbers' })).toHaveValue('as-displayed');
  await expect(page.getByLabel('Country of numbers without +')).toHaveCount(0);
  await page.getByRole('button', { name: 'Review 1 record' }).click();
  await expect(row(2).getByLabel('Phone number, row 2')).toHaveValue('089/6237510');

  // A sheet with the same columns gets the saved mapping with its conversion, and is told so.
  await importFile(page, 'Kunden Dezember.xlsx', GERMAN);
  await expect(page.getByTestId('import-notice')).toHaveText(
    'Using the mapping you saved for these columns last time. It converts phone numbers to international form, reading numbers without + as United States (+1).',
  );
  await expect(page.getByLabel('Country of numbers without +')).toHaveValue('US');
});

test('a column mapped to two fields is caught on Import, before Review', async ({ app }) => {
  const { page } = app;
  await importFile(page, 'Kunden.xlsx', GERMAN);
  await expect(page.getByRole('button', { name: 'Review 3 records' })).toBeEnabled();
  // The finding: "Cust #" as both customer and phone went on to Review, which showed every row invalid.
  await page.locator('#map-PhoneNumber').selectOption('Kundennummer');
  await expect(page.getByTestId('mapping-mistakes')).toHaveText(
    'The column “Kundennummer” is chosen for both customer number and phone number: choose a different column for phone number.',
  );
  await expect(page.locator('#map-PhoneNumber')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Review 3 records' })).toBeDisabled();
  await shot(app, 'import-problem-mapped-twice');
  await page.locator('#map-PhoneNumber').selectOption('Telefon');
  await expect(page.getByTestId('mapping-mistakes')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Review 3 records' })).toBeEnabled();
});

test('another sheet clears the saved-mapping notice, and a headers-only sheet says so in words', async ({ app }) => {
  const { page } = app;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['Kundennummer', 'Telefon', 'Typ'],
      ['1', '089/6237510', 'Office'],
    ]),
    'Daten',
  );
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Kundennummer', 'Telefon', 'Typ']]), 'Vorlage');
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
  await importFile(page, 'Zwei Blätter.xlsx', bytes);
  await page.getByRole('button', { name: 'Review 1 record' }).click();
  await importFile(page, 'Zwei Blätter.xlsx', bytes);
  await expect(page.getByTestId('import-notice')).toHaveText(
    'Using the mapping you saved for these columns last time.',
  );
  await expect(page.getByRole('combobox', { name: 'Sheet', exact: true }).locator('option').first()).toHaveText(
    'Daten (2 rows)',
  );
  await page.getByRole('combobox', { name: 'Sheet', exact: true }).selectOption({ label: 'Vorlage (1 row)' });
  await expect(page.getByTestId('import-notice')).toHaveCount(0);
  await expect(page.getByTestId('empty-sheet')).toHaveText(
    'The sheet “Vorlage” has a header row but no rows of data below it: add the customers’ rows under the header, or choose another sheet.',
  );
  await expect(page.getByRole('button', { name: 'Review 0 records' })).toBeDisabled();
  await shot(app, 'import-problem-headers-only');
});

test('bulk fixes: "Cell" → "Mobile" in 4 rows in one action, and every row with a problem excluded and included at once', async ({
  app,
}) => {
  const { page } = app;
  await importFile(
    page,
    'Cells.xlsx',
    xlsx('Phones', [
      ['Customer Number', 'Phone', 'Phone Type'],
      ['C1', '212-555-0101', 'Cell'],
      ['C2', '212-555-0102', 'Cell'],
      ['C3', '212-555-0103', 'Office'],
      ['C4', '212-555-0104', 'cell'],
      ['C5', '212-555-0105', 'Cell '],
    ]),
  );
  await page.getByRole('button', { name: 'Review 5 records' }).click();
  // Sending to the Sandbox, whose phone types are known: "Cell" is flagged before anything is sent.
  await expect(page.getByTestId('phone-types')).toContainText('The Sandbox has these phone types');
  // The type cells offer the Sandbox's own types as a list to pick from.
  await expect(page.locator('.tr[data-row="2"]').getByLabel('Phone type, row 2')).toHaveAttribute(
    'list',
    'review-phone-types',
  );
  expect(
    await page
      .locator('datalist#review-phone-types option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
  ).toEqual(['Office', 'Mobile', 'Home', 'Fax', 'Work']);
  await expect(page.getByTestId('review-counts')).toContainText('4 with warnings');
  const group = page.getByTestId('problem-groups').locator('li[data-code="unknown-phone-type"]');
  await expect(group).toContainText('Phone type not known to Wasp: 4 rows');
  await shot(app, 'review-problem-types');

  await group.getByRole('button', { name: 'Exclude all 4 rows with: Phone type not known to Wasp' }).click();
  await expect(page.getByTestId('review-counts')).toContainText('4 excluded');
  await expect(page.getByRole('button', { name: 'Send 1 record' })).toBeVisible();
  await group.getByRole('button', { name: 'Include all 4 rows with: Phone type not known to Wasp' }).click();
  await expect(page.getByTestId('review-counts')).toContainText('0 excluded');

  const bulk = page.getByTestId('bulk-fix');
  await bulk.getByLabel('Column to replace in').selectOption({ label: 'Phone type' });
  await bulk.getByLabel('Value to replace').fill('Cell');
  await bulk.getByLabel('Replace with').fill('Mobile');
  await bulk.getByRole('button', { name: 'Replace in 4 rows' }).click();
  await expect(bulk.getByRole('status')).toHaveText('Replaced “Cell” with “Mobile” in 4 rows.');
  for (const n of [2, 3, 5, 6])
    await expect(page.locator(`.tr[data-row="${n}"]`).getByLabel(`Phone type, row ${n}`)).toHaveValue('Mobile');
  await expect(page.getByTestId('review-counts')).toContainText('5 ok');
  await expect(page.getByTestId('no-problems')).toBeVisible();
  // The finding: with no problems the filter showed an empty box.
  await page.getByLabel('Only rows with problems').check();
  await expect(page.getByTestId('no-problem-rows')).toHaveText('No rows with problems: ready to send.');
  await page.getByLabel('Only rows with problems').uncheck();
  // The Send action is in view without scrolling.
  await expect(page.getByRole('button', { name: 'Send 5 records' })).toBeInViewport();
});

test('an invalid row is fixed from Results and saved on retry; the export offers Open and Show in folder', async ({
  app,
}) => {
  const { page } = app;
  await importFile(
    page,
    'Mixed.xlsx',
    xlsx('Phones', [
      ['Customer Number', 'Phone', 'Phone Type'],
      ['C1', '212-555-0101', 'Office'],
      ['C2', '', 'Office'],
      ['C3', '212-555-0103', 'Mobile'],
      ['C3', '212-555-0103', 'Mobile'],
    ]),
  );
  await page.getByRole('button', { name: 'Review 4 records' }).click();
  const row = (n: number) => page.locator(`.tr[data-row="${n}"]`);
  // Rows that will not be sent show it: Send unticked and disabled, with the reason.
  await expect(row(3)).toHaveAttribute('data-status', 'invalid');
  await expect(row(3).getByRole('checkbox')).not.toBeChecked();
  await expect(row(3).getByRole('checkbox')).toBeDisabled();
  await expect(row(3).getByRole('checkbox')).toHaveAccessibleName(/^Send row 3: Not sent: Phone number is empty\./);
  await expect(row(5).getByRole('checkbox')).toBeDisabled();
  await expect(row(5).getByRole('checkbox')).not.toBeChecked();
  await expect(page.getByTestId('not-sent')).toHaveText(
    '2 rows will not be sent (invalid, duplicates or excluded); they stay in the report.',
  );
  await shot(app, 'review-normal-not-sent');
  await page.getByRole('button', { name: 'Send 2 records' }).click();

  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Sent “Mixed”' })).toBeVisible();
  await expect(page.getByText('To Sandbox')).toBeVisible();
  await shot(app, 'send-finished-mixed');
  await page.getByRole('button', { name: 'See results' }).click();
  await expect(page.getByTestId('finish-summary')).toContainText(
    '2 saved, 1 not sent because of a problem in the sheet and 1 skipped (duplicates or excluded): fix it and send it again (1 row).',
  );
  await shot(app, 'results-problem-invalid');

  // Search by customer or phone.
  await page.getByTestId('results-search').fill('0103');
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-row]')).toHaveCount(2);
  await page.getByTestId('results-search').fill('');
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-row]')).toHaveCount(4);

  await page.getByRole('button', { name: 'Fix and retry 1 row' }).click();
  await expect(page.getByRole('heading', { name: 'Review 1 record' })).toBeVisible();
  await expect(row(3)).toHaveAttribute('data-status', 'invalid');
  await row(3).getByLabel('Phone number, row 3').fill('212-555-0102');
  await row(3).getByLabel('Phone number, row 3').press('Enter');
  await expect(row(3)).toHaveAttribute('data-status', 'ok');
  await page.getByRole('button', { name: 'Send 1 record' }).click();
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 30_000 });
  await page.getByRole('button', { name: 'See results' }).click();
  await expect(page.locator('[data-testid="results-table"] tbody tr[data-status="saved"]')).toHaveCount(1);
  await expect(page.getByTestId('finish-summary')).toHaveText('The row was saved in Wasp. Nothing left to do.');

  await page.getByRole('button', { name: 'Export report (.xlsx)' }).click();
  const path = (await page.getByTestId('report-path').textContent())!.trim();
  await page.getByRole('button', { name: 'Show in folder' }).click();
  await expect.poll(() => app.shellCalls.slice()).toEqual([{ kind: 'showItemInFolder', path }]);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => app.shellCalls.length).toBe(2);
  expect(app.shellCalls[1]).toEqual({ kind: 'openPath', path });
  await shot(app, 'results-finished-exported');
  const sheet = XLSX.read(await readFile(path)).Sheets['Report']!;
  expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0]).toContain('What it means');

  // Main acts only on the file it saved: any other path is refused and nothing is opened.
  const refused = await page.evaluate(() =>
    (
      window as unknown as {
        wasp: { showInFolder(r: { path: string }): Promise<{ ok: boolean; error?: { message: string } }> };
      }
    ).wasp.showInFolder({ path: '/etc/passwd' }),
  );
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toBe('Only a file this app has just saved can be opened from here.');
  expect(app.shellCalls).toHaveLength(2);
});
