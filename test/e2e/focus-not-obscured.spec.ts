import { test, expect } from './fixtures.js';
import { importFile } from './drop-file.js';
import { messyWorkbookBytes } from '../support/messy-sheet.js';

// WCAG 2.2 2.4.11 Focus Not Obscured: Review's send bar stays in view at the bottom of the screen
// (position: sticky), so a control the keyboard reaches below it must be scrolled clear of it, not
// left underneath. Chromium scrolls a focused element just into the scroll area; only the area's
// scroll-padding tells it about the bar (CSS Scroll Snap 1, "scroll-padding": it also applies to
// scrolling an element into view).
test('Review: every control reached by Tab is scrolled clear of the send bar', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 720 });
  await importFile(page, 'Acme phones.xlsx', messyWorkbookBytes());
  await page.getByRole('button', { name: /Review 6 records/ }).click();
  await expect(page.getByRole('heading', { name: 'Review 6 records' })).toBeFocused();
  const bar = page.getByTestId('send-box');
  const hidden: string[] = [];
  let reached = 0;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const box = document.querySelector('[data-testid="send-box"]');
      if (el === null || box === null || box.contains(el)) return null;
      const r = el.getBoundingClientRect();
      return {
        name: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40) || el.getAttribute('aria-label') || ''}"`,
        bottom: r.bottom,
        barTop: box.getBoundingClientRect().top,
      };
    });
    if (where === null) break;
    reached++;
    if (where.bottom > where.barTop + 1) hidden.push(`${where.name}: bottom ${where.bottom}, bar from ${where.barTop}`);
  }
  await expect(bar).toBeVisible();
  expect(reached, 'Tab went through the screen before reaching the send bar').toBeGreaterThan(5);
  expect(hidden, 'focused controls under the send bar').toEqual([]);
});
