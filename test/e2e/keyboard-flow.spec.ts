import * as XLSX from 'xlsx';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, shot } from './fixtures.js';
import { expectNoAxeViolations } from './axe.js';

// The whole flow by keyboard alone: no click, no fill. The only thing not typed is the file picked
// in the operating system's file chooser. After each step the test asserts where focus is, and
// records what a screen reader is told (the accessibility tree of the focused control and of the
// live regions, via Playwright's ariaSnapshot) in test-results/a11y/keyboard-walk.md.

test.use({ harnessOptions: { send: { batchSize: 5, pacingMs: 600 } } });

/** 30 customers; row 5 has no phone (invalid); every 7th from row 5 is a "Pager", which the Sandbox refuses. */
function sheet(): { bytes: Buffer; pagerRows: number[] } {
  const rows: string[][] = [['Customer Number', 'Phone', 'Phone Type']];
  const pagerRows: number[] = [];
  for (let i = 0; i < 30; i++) {
    const row = i + 2;
    const pager = i % 7 === 6;
    if (pager) pagerRows.push(row);
    rows.push([`K${3000 + i}`, row === 5 ? '' : `555-03${String(i).padStart(2, '0')}`, pager ? 'Pager' : 'Office']);
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Phones');
  return { bytes: XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer, pagerRows };
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until `target` has focus; returns how many presses it took. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<number> {
  const max = options.max ?? 40;
  const passed: string[] = [];
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    if (await isFocused(target)) return n;
    passed.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 100) ?? 'nothing'));
  }
  throw new Error(
    `${String(target)} not reached in ${max} ${options.back ? 'Shift+Tab' : 'Tab'} presses; focus went to:\n${passed.join('\n')}`,
  );
}

const walk: string[] = [];
let stepNo = 0;
/** Asserts focus, then notes what assistive technology is given at this step. */
async function step(page: Page, title: string, focused: Locator): Promise<void> {
  await expect(focused).toBeFocused();
  const focus = await page.locator(':focus').ariaSnapshot();
  const polite = (await page.getByTestId('live-polite').textContent())?.trim() ?? '';
  const assertive = (await page.getByTestId('live-assertive').textContent())?.trim() ?? '';
  walk.push(
    `### ${++stepNo}. ${title}\n\nFocus:\n\n\`\`\`yaml\n${focus}\n\`\`\`\n` +
      (polite ? `\nPolite live region: “${polite}”\n` : '') +
      (assertive ? `\nAssertive live region: “${assertive}”\n` : ''),
  );
}

test.afterAll(() => {
  if (walk.length === 0) return;
  const dir = join(process.cwd(), 'test-results', 'a11y');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'keyboard-walk.md'),
    `# Keyboard-only walk: what a screen reader is told\n\n${walk.join('\n')}`,
  );
});

test('connect the Sandbox, import, fix a cell, exclude a row, send, pause, resume, failed rows, export — keyboard only', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const { page } = app;
  const { bytes, pagerRows } = sheet();
  const nav = page.getByRole('navigation', { name: 'Steps' });
  const main = page.getByRole('main');

  // Connect: the Sandbox becomes the default site and is tested.
  await expect(page.getByRole('heading', { name: 'Connect to Wasp', level: 1 })).toBeVisible();
  const sandbox = page.locator('[data-testid="connection"]', { hasText: 'Sandbox' });
  const sandboxDefault = sandbox.getByRole('radio', { name: 'Send new jobs here' });
  await tabTo(page, sandboxDefault);
  if (!(await sandboxDefault.isChecked())) {
    await page.keyboard.press('Space');
    await expect(sandboxDefault).toBeChecked();
  }
  const testButton = sandbox.getByRole('button', { name: 'Test connection' });
  await tabTo(page, testButton);
  await page.keyboard.press('Enter');
  await expect(sandbox.getByTestId('connection-feedback')).toContainText(/Connected/);
  await step(page, 'Connect: Sandbox tested (focus stays on the button; the result is a status message)', testButton);
  walk.push(`Sandbox card:\n\n\`\`\`yaml\n${await sandbox.ariaSnapshot()}\n\`\`\`\n`);

  // Import: back to the steps, Enter on Import; focus goes to the new screen's heading.
  await tabTo(page, nav.getByRole('button', { name: /^2 Import/ }), { back: true });
  await page.keyboard.press('Enter');
  await step(page, 'Import opened', main.getByRole('heading', { name: 'Import a spreadsheet', level: 1 }));
  const choose = page.getByRole('button', { name: 'Choose a file…' });
  // Listening well before Enter: Playwright turns on file-chooser interception asynchronously, and a
  // chooser opened before that is a native one the test never sees.
  const choosing = page.waitForEvent('filechooser', { timeout: 15_000 });
  expect(await tabTo(page, choose)).toBe(1);
  await page.keyboard.press('Enter');
  const chooser = await choosing;
  await chooser.setFiles({ name: 'Keyboard.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
  const review = page.getByRole('button', { name: 'Review 30 records' });
  await expect(review).toBeEnabled();
  await step(page, 'Import: file read (focus stays on Choose a file…)', choose);
  await tabTo(page, review);
  await page.keyboard.press('Enter');

  // Review: heading first; the Send box within 3 Tab presses (the skip link), then back to the grid.
  const heading = main.getByRole('heading', { name: 'Review 30 records', level: 1 });
  await step(page, 'Review opened', heading);
  const jobName = page.getByRole('textbox', { name: 'Job name' });
  const skip = page.getByRole('link', { name: 'Skip the records, go to Send' });
  const tabs = await tabTo(page, skip, { max: 3 });
  await shot(app, 'a11y-focus-skip-link');
  await page.keyboard.press('Enter');
  await step(page, `Review: Send box reached with ${tabs} Tab press(es) and Enter on the skip link`, jobName);
  expect(tabs).toBeLessThanOrEqual(3);
  walk.push(
    `Send box landmark:\n\n\`\`\`yaml\n${await page.getByRole('region', { name: 'Send' }).ariaSnapshot()}\n\`\`\`\n`,
  );

  // Into the grid: one tab stop, landing on the cell the cursor is on.
  const grid = page.getByRole('grid', { name: 'Records to send' });
  const cell = (row: number, label: string) => grid.getByRole('textbox', { name: `${label}, row ${row}`, exact: true });
  await tabTo(page, cell(2, 'Customer number'), { back: true });
  await step(page, 'Review: into the records grid (one tab stop)', cell(2, 'Customer number'));
  await expect(grid).toHaveAttribute('aria-rowcount', '31');
  // Tab leaves the grid at once: it is a single stop, not five per row.
  await page.keyboard.press('Tab');
  await expect(grid.locator(':focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(cell(2, 'Customer number')).toBeFocused();

  // Virtual scrolling: Ctrl+End reaches the last row, which was not in the DOM; Ctrl+Home returns.
  const lastRow = grid.locator('[aria-rowindex="31"]');
  await expect(lastRow).toHaveCount(0);
  await page.keyboard.press('Control+End');
  await step(
    page,
    'Review: Ctrl+End, last cell of the last row (scrolled into the DOM)',
    grid.getByRole('checkbox', { name: 'Send row 31', exact: true }),
  );
  await expect(lastRow).toHaveAttribute('data-row', '31');
  await page.keyboard.press('Control+Home');
  await expect(grid.getByRole('rowheader', { name: '2', exact: true })).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(grid.locator(':focus')).toHaveText('12');
  await page.keyboard.press('PageUp');
  await expect(grid.getByRole('rowheader', { name: '2', exact: true })).toBeFocused();

  // Fix a cell: row 5 has no phone. Escape first undoes a wrong edit, then Enter keeps the right one.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const phone5 = cell(5, 'Phone number');
  await expect(phone5).toBeFocused();
  await expect(grid.locator('[data-row="5"]')).toHaveAttribute('data-status', 'invalid');
  await page.keyboard.press('Enter');
  await page.keyboard.type('oops');
  await page.keyboard.press('Escape');
  await expect(phone5).toHaveValue('');
  await expect(phone5).toBeFocused();
  await expect(grid.locator('[data-row="5"]')).toHaveAttribute('data-status', 'invalid');
  await page.keyboard.press('F2');
  await page.keyboard.type('555-0399');
  await shot(app, 'a11y-focus-grid-editing');
  await page.keyboard.press('Enter');
  await step(page, 'Review: row 5 phone fixed with Enter; the cursor moved down to row 6', cell(6, 'Phone number'));
  await expect(grid.locator('[data-row="5"]')).toHaveAttribute('data-status', 'ok');
  await expect(phone5).toHaveValue('555-0399');

  // Exclude a row: Space anywhere on row 7.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(grid.locator('[data-row="7"]')).toHaveAttribute('data-status', 'excluded');
  await expect(grid.getByRole('checkbox', { name: 'Send row 7', exact: true })).not.toBeChecked();
  await step(page, 'Review: Space excluded row 7 (focus stays; the change is announced)', cell(7, 'Phone number'));
  await expect(page.getByTestId('live-polite')).toContainText('Row 7 excluded');
  await shot(app, 'a11y-focus-grid-cell');
  await expectNoAxeViolations(page, 'Review during the keyboard walk');

  // Send.
  // Count what the state line shows and what is spoken while sending (a figure for the notes, not an assertion on time).
  await page.evaluate(() => {
    const w = window as unknown as { __shown: string[]; __said: string[] };
    w.__shown = [];
    w.__said = [];
    new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="send-state"]')?.textContent?.trim() ?? '';
      const said = document.querySelector('[data-testid="live-polite"]')?.textContent?.trim() ?? '';
      if (shown && w.__shown.at(-1) !== shown) w.__shown.push(shown);
      if (said && w.__said.at(-1) !== said) w.__said.push(said);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const send = page.getByRole('button', { name: 'Send 29 records' });
  await tabTo(page, send);
  await page.keyboard.press('Enter');
  await step(page, 'Send opened', main.getByRole('heading', { name: /^Sending “Keyboard”/, level: 1 }));
  const pause = page.getByRole('button', { name: 'Pause' });
  expect(await tabTo(page, pause)).toBe(1);
  await expect(page.getByTestId('live-polite')).toContainText(/Sending|Starting|Waiting|Queued/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('send-state')).toHaveText('Paused');
  const resume = page.getByRole('button', { name: 'Resume' });
  await step(page, 'Send: Pause pressed; focus moved to Resume, which replaced it', resume);
  await expect(page.getByTestId('live-polite')).toContainText('Paused');
  await shot(app, 'a11y-focus-resume');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('send-state')).toHaveText(/Sending|Starting/);
  await step(page, 'Send: Resume pressed; focus back on Pause', pause);
  await expect(page.getByTestId('send-state')).toHaveText('Finished', { timeout: 60_000 });
  const seeResults = page.getByRole('button', { name: 'See results' });
  await step(page, 'Send: finished while focus was on Pause; focus moved to See results', seeResults);
  await expect(page.getByTestId('live-polite')).toContainText(
    `Finished: ${29 - pagerRows.length} saved, ${pagerRows.length} failed.`,
  );

  const seen = await page.evaluate(() => {
    const w = window as unknown as { __shown: string[]; __said: string[] };
    return { shown: w.__shown, said: w.__said };
  });
  walk.push(
    `While sending, the state line changed ${seen.shown.length} times; the polite live region spoke ${seen.said.length} times:\n\n${seen.said.map((t) => `- ${t}`).join('\n')}\n`,
  );

  // Results: the failed rows, then the report.
  await page.keyboard.press('Enter');
  await step(page, 'Results opened', main.getByRole('heading', { name: 'Results of “Keyboard”', level: 1 }));
  const failedFilter = page.getByRole('button', { name: 'Failed', exact: true });
  await tabTo(page, failedFilter);
  await page.keyboard.press('Enter');
  await expect(failedFilter).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'All rows' })).toHaveAttribute('aria-pressed', 'false');
  const failedRows = page.locator('[data-testid="results-table"] tbody tr[data-status="failed"]');
  await expect(failedRows).toHaveCount(pagerRows.length);
  await step(page, 'Results: Failed filter pressed (toggle button, aria-pressed)', failedFilter);
  await shot(app, 'a11y-focus-results-filter');
  const exportXlsx = page.getByRole('button', { name: 'Export report (.xlsx)' });
  await tabTo(page, exportXlsx, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Report saved to/)).toBeVisible();
  await step(page, 'Results: report exported (focus stays on the button; the path is a status message)', exportXlsx);
  expect(readdirSync(app.exportsDir).some((f) => f.endsWith('.xlsx'))).toBe(true);

  // Jobs: Delete asks first (the system dialog traps and returns focus), then focus goes to a neighbour.
  await tabTo(page, nav.getByRole('button', { name: /^Jobs/ }), { back: true });
  await page.keyboard.press('Enter');
  await step(page, 'Jobs opened', main.getByRole('heading', { name: 'Jobs', level: 1 }));
  const del = page.getByRole('button', { name: 'Delete Keyboard' });
  await tabTo(page, del);
  page.once('dialog', (d) => void d.dismiss());
  await page.keyboard.press('Enter');
  await step(page, 'Jobs: Delete dismissed in the confirmation; focus is back on Delete', del);
  page.once('dialog', (d) => void d.accept());
  await page.keyboard.press('Enter');
  await expect(page.getByText('No jobs yet.')).toBeVisible();
  await step(
    page,
    'Jobs: job deleted; its row is gone, focus on the screen heading',
    main.getByRole('heading', { name: 'Jobs', level: 1 }),
  );
});

test('Escape cancels reading a file; focus returns to Choose a file…', async ({ app }) => {
  const { page } = app;
  // Big enough that reading it takes a while on this machine.
  const lines = ['Customer Number,Phone,Phone Type'];
  for (let i = 0; i < 400_000; i++) lines.push(`Z${i},555-${String(i % 10_000).padStart(4, '0')},Office`);
  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: /^2 Import/ })
    .press('Enter');
  await expect(page.getByRole('heading', { name: 'Import a spreadsheet', level: 1 })).toBeFocused();
  const choose = page.getByRole('button', { name: 'Choose a file…' });
  const choosing = page.waitForEvent('filechooser', { timeout: 15_000 });
  await tabTo(page, choose);
  await page.keyboard.press('Enter');
  const chooser = await choosing;
  await chooser.setFiles({ name: 'Big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  const reading = page.getByText(/Reading “Big.csv”…/);
  await expect(reading).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(reading).toBeHidden();
  await expect(choose).toBeFocused();
  // Cancelled, not read: no mapping appears and no error is shown.
  await expect(page.getByTestId('mapping')).toHaveCount(0);
  await expect(page.getByTestId('import-error')).toHaveCount(0);
});

test('deleting a job moves focus to the next job’s Delete, or to the one above when it was the last row', async ({
  app,
}) => {
  const { page } = app;
  const site = app.services.sandboxSite!;
  const mapping = {
    CustomerNumber: { kind: 'column', column: 'C' },
    PhoneNumber: { kind: 'column', column: 'P' },
    PhoneExtension: { kind: 'none' },
    PhoneTypeName: { kind: 'constant', value: 'Office' },
  };
  for (const name of ['First', 'Second', 'Third']) {
    const created = await page.evaluate(
      async (req) =>
        (window as unknown as { wasp: { createJob(r: unknown): Promise<{ ok: boolean }> } }).wasp.createJob(req),
      {
        name,
        site,
        mapping,
        headers: ['C', 'P'],
        rows: [
          {
            row: 2,
            cells: [`${name}1`, '555-0100'],
            record: {
              CustomerNumber: `${name}1`,
              PhoneNumber: '555-0100',
              PhoneExtension: '',
              PhoneTypeName: 'Office',
            },
          },
        ],
      },
    );
    expect(created.ok).toBe(true);
  }
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /^Jobs/ }).press('Enter');
  const rows = page.getByTestId('jobs-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Finished' })).toHaveCount(3, { timeout: 20_000 });
  // The list is newest first: Third, Second, First. Delete the middle one.
  const names = await rows.locator('td:first-child').allTextContents();
  const middle = names[1]!;
  await tabTo(page, page.getByRole('button', { name: `Delete ${middle}` }));
  page.once('dialog', (d) => void d.accept());
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: `Delete ${names[2]}` })).toBeFocused();
  page.once('dialog', (d) => void d.accept());
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(1);
  // No row below any more: the neighbour above.
  await expect(page.getByRole('button', { name: `Delete ${names[0]}` })).toBeFocused();
});
