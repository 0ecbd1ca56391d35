import { test, expect, shot } from './fixtures.js';
import { dropFile, importFile } from './drop-file.js';
import { messyWorkbookBytes } from '../support/messy-sheet.js';

test('drop a messy sheet: header and mapping found, problems marked, a cell fixed, a row excluded', async ({ app }) => {
  const { page } = app;
  await app.services.settings.setKnownPhoneTypes(['Office', 'Mobile', 'Home']);
  await importFile(page, 'Acme phones.xlsx', messyWorkbookBytes());

  // The right sheet (not "Notes") and the header below the title rows.
  await expect(page.getByRole('combobox', { name: 'Sheet', exact: true })).toHaveValue('1');
  await expect(page.getByTestId('header-row').locator('option:checked')).toHaveText(/^Row 4: Cust #/);
  await expect(page.locator('#map-CustomerNumber')).toHaveValue('Cust #');
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Telephone');
  await expect(page.locator('#map-PhoneExtension')).toHaveValue('Ext.');
  await expect(page.locator('#map-PhoneTypeName')).toHaveValue('Phone Type');
  // The number formatted as a phone shows as Excel displays it.
  await expect(page.getByTestId('mapping')).toContainText('(555) 123-4567');
  await shot(app, 'import-mapped');

  await page.getByRole('button', { name: /Review 6 records/ }).click();
  const row = (n: number) => page.locator(`.tr[data-row="${n}"]`);
  await expect(page.getByRole('heading', { name: 'Review 6 records' })).toBeVisible();
  await expect(row(5).getByLabel('Phone number, row 5')).toHaveValue('(555) 123-4567');
  // "x204" moved into the extension.
  await expect(row(6).getByLabel('Phone number, row 6')).toHaveValue('555-222-3333');
  await expect(row(6).getByLabel('Extension, row 6')).toHaveValue('204');
  await expect(row(7)).toHaveAttribute('data-status', 'invalid');
  await expect(row(9)).toHaveAttribute('data-status', 'warning');
  await expect(row(10)).toHaveAttribute('data-status', 'duplicate');
  await expect(page.getByTestId('review-counts')).toContainText('1 invalid');
  await shot(app, 'review-problems');

  // Fix the missing phone: the row is checked again at once.
  await row(7).getByLabel('Phone number, row 7').fill('555-333-4444');
  await row(7).getByLabel('Phone number, row 7').press('Enter');
  await expect(row(7)).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('review-counts')).toContainText('0 invalid');
  // Exclude the unknown-type row.
  await row(9).getByLabel('Send row 9').uncheck();
  await expect(row(9)).toHaveAttribute('data-status', 'excluded');
  await expect(page.getByRole('button', { name: 'Send 4 records' })).toBeVisible();
  await shot(app, 'review-fixed');
});

test('bad files get one line naming the file, and nothing of the previous file stays to click', async ({ app }) => {
  const { page } = app;
  await importFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Telephone');
  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), /damaged/],
    ['empty.csv', new Uint8Array(), /empty/],
    ['photo.xlsx', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
  ];
  for (const [name, bytes, problem] of bad) {
    await dropFile(page, name, bytes);
    const error = page.getByTestId('import-error');
    await expect(error).toContainText(name);
    await expect(error).toContainText(problem);
    expect(((await error.textContent()) ?? '').split('\n').filter((l) => l.trim()).length).toBe(1);
    // The finding: the previous file's mapping and its "Review 6 records" stayed visible and clickable.
    await expect(page.locator('#map-PhoneNumber')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Review \d+ record/ })).toHaveCount(0);
  }
  await shot(app, 'import-bad-file');
  // The app still works: the good file opens again and clears the error.
  await dropFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await expect(page.getByTestId('import-error')).toHaveCount(0);
});

test('phones can be converted to international form on import, with a default country', async ({ app }) => {
  const { page } = app;
  await importFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await page.getByRole('combobox', { name: 'Phone numbers' }).selectOption('e164');
  await page.getByLabel('Country of numbers without +').selectOption({ label: 'United States (+1)' });
  await page.getByRole('button', { name: /Review 6 records/ }).click();
  const row = (n: number) => page.locator(`.tr[data-row="${n}"]`);
  await expect(row(5).getByLabel('Phone number, row 5')).toHaveValue('+15551234567');
  await expect(row(6).getByLabel('Phone number, row 6')).toHaveValue('+15552223333');
  await expect(row(6).getByLabel('Extension, row 6')).toHaveValue('204');
  // "0044 20 7946 0958" carries its own country.
  await expect(row(11).getByLabel('Phone number, row 11')).toHaveValue('+442079460958');
  await shot(app, 'review-e164');
});
