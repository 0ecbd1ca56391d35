import { test, expect } from './fixtures.js';
import { importFile } from './drop-file.js';

const CSV = new TextEncoder().encode(
  ['Customer Number,Phone,Ext,Phone Type', 'C1,+1 212 555 0101,,Office', 'C2,+1 212 555 0102,,Mobile'].join('\n'),
);

// The finding: removing the focused "Review" button made Chromium compute the style and layout of
// the whole new Review screen inside the task that built it (a million rows: over 50 ms). Focus now
// leaves the old screen's control before the new screen is built, and the new heading takes focus
// after the next frame.
test('changing screens: focus leaves the old control before the new screen is built, then lands on its heading', async ({
  app,
}) => {
  const { page } = app;
  await importFile(page, 'two.csv', CSV, 'text/csv');
  const review = page.getByRole('button', { name: 'Review 2 records' });
  await review.focus();
  await page.evaluate(() => {
    const w = window as unknown as { __focusLeft?: string };
    document.addEventListener(
      'focusout',
      (e) => {
        if (!(e.target instanceof HTMLButtonElement) || w.__focusLeft !== undefined) return;
        w.__focusLeft = [...document.querySelectorAll('main h1')].map((h) => h.textContent).join(' + ');
      },
      true,
    );
  });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Review 2 records' })).toBeFocused();
  // The headings in the page when focus left the button: Import's alone, Review was not built yet.
  expect(await page.evaluate(() => (window as unknown as { __focusLeft?: string }).__focusLeft)).toBe(
    'Import a spreadsheet',
  );
});
