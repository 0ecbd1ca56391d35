import { launchChromium, startHarness } from '../harness/harness.js';

export interface LongTaskFigures {
  parseMs: number;
  parseLongestTaskMs: number;
  reviewMs: number;
  reviewLongestTaskMs: number;
}

/**
 * The window-freeze half of the import benchmark: the real renderer in Chromium opens the same
 * 100,000-row workbook (parsed in the Web Worker), then builds the Review table. A PerformanceObserver
 * records every main-thread long task (> 50 ms) during each phase; the longest one is reported.
 */
export async function measureImportLongTasks(bytes: Uint8Array, rows: number): Promise<LongTaskFigures> {
  const browser = await launchChromium();
  const app = await startHarness(browser, { sandbox: false });
  try {
    const { page } = app;
    // Page code as strings: this file compiles for Node, where DOM types do not exist.
    await page.evaluate(`(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
        .observe({ type: 'longtask', buffered: false });
    })()`);
    const longest = async (): Promise<number> =>
      Number(
        await page.evaluate(`(() => { const m = Math.max(0, ...window.__long); window.__long = []; return m; })()`),
      );
    await page
      .getByRole('button', { name: /Import/ })
      .first()
      .click();
    // The file reaches the page as a Blob fetched from the harness (as a drag from the desktop
    // hands over a File): only what the app does with it falls inside the measured phase.
    await page.route('**/__bench/bench.xlsx', (route) =>
      route.fulfill({ body: Buffer.from(bytes), contentType: 'application/octet-stream' }),
    );
    await page.evaluate(`(async () => {
      const blob = await (await fetch('/__bench/bench.xlsx')).blob();
      window.__benchFile = new File([blob], 'bench.xlsx');
    })()`);
    await longest();
    let t = performance.now();
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(window.__benchFile);
      document.querySelector('[data-testid="drop-zone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    const review = page.getByRole('button', { name: `Review ${rows.toLocaleString('en-US')} records` });
    await review.waitFor({ timeout: 120_000 });
    const parseMs = performance.now() - t;
    const parseLongestTaskMs = await longest();
    t = performance.now();
    await review.click();
    await page
      .getByRole('heading', { name: `Review ${rows.toLocaleString('en-US')} records` })
      .waitFor({ timeout: 120_000 });
    await page.waitForTimeout(200);
    const reviewMs = performance.now() - t;
    const reviewLongestTaskMs = await longest();
    return { parseMs, parseLongestTaskMs, reviewMs, reviewLongestTaskMs };
  } finally {
    await app.close();
    await browser.close();
  }
}
