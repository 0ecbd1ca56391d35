/**
 * Scale benchmark (not a test): `npm run bench:scale`.
 *
 * The app path in the browser harness (the real renderer in Chromium, main's real services in this
 * process, the built-in Sandbox simulator):
 *   A. a 100,000-row .xlsx: dropped, parsed in the worker, Review built, the job created in pages
 *      and sent to the end with the Results screen open;
 *   B. a generated 1,000,000-row sheet (CSV, written to a temp folder, never committed): dropped,
 *      parsed, Review built, the job created in pages, its first batches sent, then paused.
 * Then the CLI queues the same 1,000,000 rows (`import --queue-only`) as a child process.
 *
 * Main's services and IPC dispatcher run in a process of their own (scale-main.ts), as Electron's
 * main would: the browser side forwards every bridge call to it and delivers its events, so the
 * figures for main are not mixed with Playwright's or the bundler's. Measured: every main-thread
 * long task in the page (PerformanceObserver 'longtask'); main's event-loop delay
 * (perf_hooks.monitorEventLoopDelay) and resident memory (sampled every 50 ms) in each phase; the
 * CLI's peak resident memory (VmHWM).
 * Ends with exactly: renderer longest task, main longest block, main rss 100k, main rss 1M, cli rss 1M.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import type { JobSummary } from '../../shared/domain/job.js';
import { bridgeInitScript, launchChromium } from '../harness/harness.js';
import { serveRendererDir } from '../harness/static-server.js';
import { makeBenchWorkbook } from './import-bench.js';
import type { FromMain, ToMain } from './scale-main.js';

const ROWS_1M = Number(process.env['SCALE_BENCH_ROWS'] ?? 1_000_000);
const ROWS_100K = 100_000;
const MB = 1024 * 1024;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const TYPES = ['Office', 'Mobile', 'Fax', 'Home'];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const fmt = (n: number) => n.toLocaleString('en-US');

/** The sheet as CSV, streamed to disk: a header row, then ROWS_1M - 1 records. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
  await write('Customer Number,Phone,Ext,Phone Type\n');
  let chunk = '';
  for (let i = 0; i < rows - 1; i++) {
    chunk += `${String(i).padStart(7, '0')},+1 212 555 ${String(i % 10_000).padStart(4, '0')},${i % 10 === 0 ? String(100 + (i % 900)) : ''},${TYPES[i % TYPES.length]}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** The browser half of the app, driving main's services in their own process (scale-main.ts). */
interface App {
  page: Page;
  calls: string[];
  ask<T>(m: DistributiveOmit<ToMain, 'id'>): Promise<T>;
  jobs(): Promise<JobSummary[]>;
  close(): Promise<void>;
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function startApp(browser: Browser, dataDir: string): Promise<App> {
  const server = await serveRendererDir(join(root, 'dist/renderer'));
  const child: ChildProcess = fork(join(root, 'dist/test/bench/scale-main.js'), [dataDir, server.url], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  let page: Page | null = null;
  const ready = new Promise<void>((resolve) => {
    child.on('message', (m: FromMain) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'reply') {
        waiting.get(m.id)?.(m.value);
        waiting.delete(m.id);
      } else if (m.type === 'event' && page !== null) {
        void page
          .evaluate(
            ([c, p]) => (globalThis as unknown as { __waspDeliver(c: string, p: unknown): void }).__waspDeliver(c, p),
            [m.channel, m.payload] as const,
          )
          .catch(() => undefined);
      }
    });
  });
  await ready;
  const ask = <T>(m: DistributiveOmit<ToMain, 'id'>): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve as (v: unknown) => void);
      child.send({ ...m, id });
    });
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const calls: string[] = [];
  await context.exposeBinding('__waspIpc', async (source, channel: unknown, payload: unknown) => {
    const name = typeof channel === 'string' ? channel.replace(/^wasp:invoke:/, '') : '';
    calls.push(name);
    return ask({
      type: 'invoke',
      frameUrl: source.frame.url(),
      isMainFrame: source.frame === source.page.mainFrame(),
      name,
      payload,
    });
  });
  await context.addInitScript({ content: await bridgeInitScript() });
  page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
  return {
    page,
    calls,
    ask,
    jobs: () => ask<JobSummary[]>({ type: 'jobs' }),
    async close() {
      await context.close();
      await ask({ type: 'close' });
      await server.close();
    },
  };
}

async function installLongTaskObserver(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  })()`);
}
const longest = async (page: Page): Promise<number> =>
  Number(await page.evaluate(`(() => { const m = Math.max(0, ...window.__long); window.__long = []; return m; })()`));

/** Hands the page a File the way a drop from the desktop does, then drops it. */
async function drop(page: Page, name: string): Promise<void> {
  await page.evaluate(`(async () => {
    const blob = await (await fetch('/__bench/${name}')).blob();
    const dt = new DataTransfer();
    dt.items.add(new File([blob], '${name}'));
    document.querySelector('[data-testid="drop-zone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  })()`);
}

async function importAndReview(
  app: App,
  name: string,
  rows: number,
  timeout: number,
): Promise<{ parse: number; review: number }> {
  const { page } = app;
  await page
    .getByRole('button', { name: /Import/ })
    .first()
    .click();
  await longest(page);
  await drop(page, name);
  const review = page.getByRole('button', { name: `Review ${fmt(rows)} records` });
  await review.waitFor({ timeout });
  const parse = await longest(page);
  await review.click();
  await page.getByRole('heading', { name: `Review ${fmt(rows)} records` }).waitFor({ timeout });
  await page
    .getByRole('button', { name: /^Send [\d,]+ records$/ })
    .and(page.locator(':enabled'))
    .waitFor({ timeout });
  await page.waitForTimeout(300);
  return { parse, review: await longest(page) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
type Measured = { rssMb: number; blockMs: number };

/** Peak resident memory of a child process, read from /proc while it runs. */
async function cliPeakRss(args: string[]): Promise<{ peakMb: number; code: number | null; out: string }> {
  const child = spawn(process.execPath, [join(root, 'dist/main/cli/bin.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let peak = 0;
  const poll = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((s) => {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      })
      .catch(() => undefined);
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  return { peakMb: peak / MB, code, out };
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'wasp-scale-'));
  const csv = join(tmp, 'scale.csv');
  try {
    console.log(`scale-bench: load ${load()}`);
    await writeCsv(csv, ROWS_1M);
    const xlsx = makeBenchWorkbook(ROWS_100K);
    const browser = await launchChromium();
    const app = await startApp(browser, join(tmp, 'app-data'));
    const { page } = app;
    await page.route('**/__bench/scale-100k.xlsx', (route) =>
      route.fulfill({ body: Buffer.from(xlsx), contentType: 'application/octet-stream' }),
    );
    await page.route('**/__bench/scale.csv', (route) => route.fulfill({ path: csv, contentType: 'text/csv' }));
    await installLongTaskObserver(page);

    // A. 100,000 rows, sent to the end with Results open.
    await app.ask({ type: 'measure', start: true });
    let t = performance.now();
    const ra = await importAndReview(app, 'scale-100k.xlsx', ROWS_100K, 10 * 60_000);
    console.log(
      `100k: parsed and reviewed in ${((performance.now() - t) / 1000).toFixed(1)} s; longest task: parse ${ra.parse.toFixed(0)} ms, review ${ra.review.toFixed(0)} ms (load ${load()})`,
    );
    t = performance.now();
    const before = app.calls.length;
    await page.getByRole('button', { name: /^Send [\d,]+ records$/ }).click();
    await waitFor(async () => (await app.jobs()).length === 1, 5 * 60_000, 'the 100k job');
    const createdA = (performance.now() - t) / 1000;
    await page
      .getByRole('button', { name: /Results/ })
      .first()
      .click();
    const sendStart = performance.now();
    const idA = (await app.jobs())[0]!.id;
    await app.ask({ type: 'settle', jobId: idA });
    const sendSeconds = (performance.now() - sendStart) / 1000;
    await page.waitForTimeout(500);
    const pageCalls = app.calls.slice(before).filter((c) => c === 'getJobRows').length;
    const sendA = await longest(page);
    const ma = await app.ask<Measured>({ type: 'measure', start: false });
    const jobA = (await app.jobs()).find((j) => j.id === idA)!;
    console.log(
      `100k: job created in ${createdA.toFixed(1)} s, sent in ${sendSeconds.toFixed(1)} s (${jobA.state}, ${fmt(jobA.counts.saved)} saved); Results asked for ${pageCalls} pages (${(pageCalls / sendSeconds).toFixed(1)} a second); longest task while sending ${sendA.toFixed(0)} ms; main: longest block ${ma.blockMs.toFixed(0)} ms, peak rss ${ma.rssMb.toFixed(0)} MB`,
    );

    // B. 1,000,000 rows: created, first batches sent, paused.
    await app.ask({ type: 'measure', start: true });
    t = performance.now();
    const rb = await importAndReview(app, 'scale.csv', ROWS_1M - 1, 30 * 60_000);
    console.log(
      `1M: parsed and reviewed in ${((performance.now() - t) / 1000).toFixed(1)} s; longest task: parse ${rb.parse.toFixed(0)} ms, review ${rb.review.toFixed(0)} ms (load ${load()})`,
    );
    t = performance.now();
    await page.getByRole('button', { name: /^Send [\d,]+ records$/ }).click();
    await waitFor(async () => (await app.jobs()).length === 2, 20 * 60_000, 'the 1M job');
    const createdB = (performance.now() - t) / 1000;
    const idB = (await app.jobs()).find((j) => j.id !== idA)!.id;
    await waitFor(
      async () => ((await app.jobs()).find((j) => j.id === idB)?.batchesDone ?? 0) >= 5,
      10 * 60_000,
      'the first batches of the 1M job',
    );
    await app.ask({ type: 'pause', jobId: idB });
    const sendB = await longest(page);
    const mb = await app.ask<Measured>({ type: 'measure', start: false });
    console.log(
      `1M: job created in ${createdB.toFixed(1)} s, 5 batches sent then paused; longest task while creating and sending ${sendB.toFixed(0)} ms; main: longest block ${mb.blockMs.toFixed(0)} ms, peak rss ${mb.rssMb.toFixed(0)} MB`,
    );
    await app.close();
    await browser.close();

    // C. The CLI queues the same sheet.
    const cli = await cliPeakRss(['import', csv, '--sandbox', '--queue-only', '--data-dir', join(tmp, 'cli-data')]);
    if (cli.code !== 0 && cli.code !== 1) throw new Error(`CLI exited ${cli.code}: ${cli.out.slice(-2_000)}`);
    console.log(
      `cli: ${cli.out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('Queued'))
        .join(' ')}`,
    );

    console.log(`load at the end: ${load()}`);
    console.log(
      `renderer longest task: ${Math.max(ra.parse, ra.review, sendA, rb.parse, rb.review, sendB).toFixed(0)} ms`,
    );
    console.log(`main longest block: ${Math.max(ma.blockMs, mb.blockMs).toFixed(0)} ms`);
    console.log(`main rss 100k: ${ma.rssMb.toFixed(0)} MB`);
    console.log(`main rss 1M: ${mb.rssMb.toFixed(0)} MB`);
    console.log(`cli rss 1M: ${cli.peakMb.toFixed(0)} MB`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
