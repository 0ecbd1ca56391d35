import { test, expect, shot } from './fixtures.js';
import { importFile } from './drop-file.js';
import * as XLSX from 'xlsx';

/** Headers no synonym knows (in any of the matcher's languages): the user maps them by hand once. */
function oddSheet(): Uint8Array {
  const rows = [
    ['Ident', 'Erreichbar', 'Kanal'],
    ['C1', '555-0101', 'Office'],
    ['C2', '555-0102', 'Mobile'],
  ];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Liste');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
}

test('a mapping made by hand is offered again when a sheet with the same headers is opened', async ({ app }) => {
  const { page } = app;
  await importFile(page, 'Liste.xlsx', oddSheet());
  await expect(page.getByRole('button', { name: 'Review 2 records' })).toBeDisabled();
  await page.locator('#map-CustomerNumber').selectOption('Ident');
  await page.locator('#map-PhoneNumber').selectOption('Erreichbar');
  await page.locator('#map-PhoneTypeName').selectOption('Kanal');
  await page.getByRole('button', { name: 'Review 2 records' }).click();
  await expect(page.getByRole('heading', { name: 'Review 2 records' })).toBeVisible();

  // Next time (another file, same headers), the mapping is there already.
  await importFile(page, 'Liste November.xlsx', oddSheet());
  await expect(page.getByText('Using the mapping you saved for these columns last time.')).toBeVisible();
  await expect(page.locator('#map-CustomerNumber')).toHaveValue('Ident');
  await expect(page.locator('#map-PhoneNumber')).toHaveValue('Erreichbar');
  await expect(page.locator('#map-PhoneTypeName')).toHaveValue('Kanal');
  await expect(page.getByRole('button', { name: 'Review 2 records' })).toBeEnabled();
  await shot(app, 'import-template-offered');

  // Exported for the CLI, in the format `wasp-phones import --mapping` reads.
  await page.getByRole('button', { name: 'Export mapping for the command line…' }).click();
  await expect(page.getByText(/Mapping saved to .*wasp-phones-mapping\.json/)).toBeVisible();
  const { readFile } = await import('node:fs/promises');
  const nodePath = await import('node:path');
  const join = (...parts: string[]): string => nodePath.join(...parts);
  const { parseMappingFile } = await import('../../shared/records/templates.js');
  const parsed = parseMappingFile(await readFile(join(app.exportsDir, 'wasp-phones-mapping.json'), 'utf8'));
  expect(parsed.ok && parsed.value.mapping.PhoneNumber).toEqual({ kind: 'column', column: 'Erreichbar' });
});

test('an update is offered softly and never restarts the app in the middle of a send', async ({ app }) => {
  const { page } = app;
  let sending = true;
  let installs = 0;
  app.services.setUpdatePort({
    getStatus: () => ({ state: 'ready', version: '9.9.9', ...(installs > 0 ? { installWhenIdle: true } : {}) }),
    requestInstall: () => {
      installs++;
      return sending ? 'deferred' : 'installing';
    },
  });
  app.services.events.emit('updateStatus', { state: 'ready', version: '9.9.9' });
  await expect(page.getByText('Version 9.9.9 is ready to install.')).toBeVisible();
  await page.getByRole('button', { name: 'Restart to update' }).click();
  await expect(page.getByText('A job is sending: the app restarts to update as soon as it finishes.')).toBeVisible();
  expect(installs).toBe(1);
  await shot(app, 'update-deferred');
  sending = false;
});
