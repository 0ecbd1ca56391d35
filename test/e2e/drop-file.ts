import type { Page } from '@playwright/test';

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
