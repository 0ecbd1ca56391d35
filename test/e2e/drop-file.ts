import { expect, type Page } from '@playwright/test';

/** Drops a file on the import drop zone the way a user drags one from the desktop. */
export async function dropFile(
  page: Page,
  name: string,
  bytes: Uint8Array,
  mime = 'application/octet-stream',
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data, mime }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type: mime }));
      return dt;
    },
    { name, data: Array.from(bytes), mime },
  );
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
}

/** Opens Import from the side bar and drops the file there: how every import in the specs begins. */
export async function importFile(page: Page, name: string, bytes: Uint8Array, mime?: string): Promise<void> {
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await dropFile(page, name, bytes, mime);
}

/** Opens Import and picks the file through "Choose a file…" by keyboard (Enter), as the native file dialog. */
export async function chooseFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Import a spreadsheet' })).toBeVisible();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 15_000 }),
    page.getByRole('button', { name: 'Choose a file…' }).press('Enter'),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}
