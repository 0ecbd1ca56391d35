import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { build } from 'vite';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type CoreOptions } from '../../main/core/create-core.js';
import { createIpcAdapter } from '../../main/ipc/ipc-adapter.js';
import type { E2EServices } from '../../main/electron/e2e-hooks.js';
import { createIpcDispatcher, type IpcDispatcher } from '../../main/ipc/dispatcher.js';
import { eventChannel } from '../../shared/ipc/channels.js';
import {
  KeytarCredentialStore,
  MemoryCredentialStore,
  type CredentialStore,
} from '../../main/credentials/credential-store.js';
import type { Dialogs } from '../../main/dialogs.js';
import { copyAcrossIpc } from './ipc-copy.js';
import { harnessLogger, keepLogs } from './run-logs.js';

/**
 * The browser E2E harness. Electron cannot start on this machine, so the pieces Electron would
 * join are joined here instead: main's real services run in this Node process, the built
 * renderer is served over 127.0.0.1 under the app's CSP, Debian's Chromium loads it, and the same
 * bridge preload builds is installed on the page over a Playwright binding. The dispatcher (sender
 * check + schema check) is the one Electron uses.
 */

// From source (test/harness/) or compiled (dist/test/harness/, for the benchmarks): the repo root either way.
const twoUp = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = existsSync(join(twoUp, 'package.json')) ? twoUp : fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let bridgeScript: Promise<string> | undefined;
/** Bundles test/harness/bridge-init.ts (and the preload's buildBridge it imports) into one IIFE. */
export function bridgeInitScript(): Promise<string> {
  bridgeScript ??= bundleForPage('test/harness/bridge-init.ts');
  return bridgeScript;
}

/**
 * Bundles one module (a path from the repo root) into a script for the page, compiled as the
 * renderer is: a `.svelte.ts` module gets Svelte's client runtime, so its `$state` is the real Proxy.
 */
export async function bundleForPage(entry: string): Promise<string> {
  const { svelte } = await import('@sveltejs/vite-plugin-svelte');
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [svelte({ configFile: false })],
    build: {
      write: false,
      minify: false,
      target: 'chrome140',
      lib: { entry: join(repoRoot, entry), formats: ['iife'], name: 'waspPageScript' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if ('output' in o) {
      const chunk = o.output.find((c) => c.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error(`${entry}: the bundle produced no chunk`);
}

/**
 * Inside test/keychain/with-keyring.sh (how `npm run test:e2e` runs) tokens go to the real OS keychain
 * exactly as in the app; run bare (e.g. a single spec from an editor), they stay in memory.
 */
function e2eCredentialStore(): CredentialStore {
  return process.env['WASP_TEST_KEYRING'] === '1' ? new KeytarCredentialStore() : new MemoryCredentialStore();
}

/** The core as the specs use it, with the window's event hub and update port from the IPC adapter. */
export type HarnessServices = E2EServices;

export interface HarnessOptions extends Partial<Omit<CoreOptions, 'log'>> {
  dialogs?: Dialogs;
  /** Keep the data folder after close (for restart tests that reopen it). */
  keepDataDir?: boolean;
  viewport?: { width: number; height: number };
  /** Where the data folder's logs/ is copied when the app closes (the E2E fixture: the test's output folder). */
  keepLogsIn?: string;
}

export interface ShellCall {
  kind: 'showItemInFolder' | 'openPath';
  path: string;
}

export interface Harness {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly services: HarnessServices;
  readonly dispatcher: IpcDispatcher;
  readonly dataDir: string;
  /** Where the scripted save dialog puts exported files. */
  readonly exportsDir: string;
  readonly url: string;
  /** Every value the bridge returned to the page, for tests that check what the renderer saw. */
  readonly bridgeLog: Array<{ name: string; result: unknown }>;
  /** Every request as main received it (after Electron's clone rules), for tests of the bridge itself. */
  readonly requestLog: Array<{ name: string; request: unknown }>;
  /** showItemInFolder / openPath calls main made through the default dialogs port. */
  readonly shellCalls: readonly ShellCall[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // No background traffic: this machine's network is closed beyond the package registries.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function startHarness(browser: Browser, options: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = join(repoRoot, 'dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error('dist/renderer is missing: run `npm run build` first');
  const { serveRendererDir } = await import('./static-server.js');
  const server = await serveRendererDir(rendererDir);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'wasp-e2e-')));
  const exportsDir = join(dataDir, '..', `${basename(dataDir)}-exports`);
  // Save dialogs answer with a file in a folder beside the data folder (the test reads it back);
  // shell actions are recorded, as the OS would have opened a window.
  const shellCalls: ShellCall[] = [];
  const dialogs: Dialogs = options.dialogs ?? {
    chooseSavePath: async ({ defaultName }) => {
      await mkdir(exportsDir, { recursive: true });
      return join(exportsDir, defaultName);
    },
    showItemInFolder: (path) => void shellCalls.push({ kind: 'showItemInFolder', path }),
    openPath: async (path) => {
      shellCalls.push({ kind: 'openPath', path });
      return '';
    },
  };
  const { dialogs: _dialogs, keepDataDir: _keep, viewport: _viewport, keepLogsIn, ...coreOptions } = options;
  // main's logger, into the data folder's logs/ as in the app: a spec reads what a run logged.
  const log = harnessLogger(dataDir);
  const core = await createCore({
    credentials: e2eCredentialStore(),
    sandbox: { port: 0 },
    ...coreOptions,
    log,
    dataDir,
  });
  const ipc = createIpcAdapter(core, { dialogs, ...(coreOptions.fetch ? { fetch: coreOptions.fetch } : {}) });
  const services: HarnessServices = {
    ...core,
    events: ipc.events,
    handlers: ipc.handlers,
    setUpdatePort: (p) => ipc.setUpdatePort(p),
  };
  const dispatcher = createIpcDispatcher(services.handlers, { allowedOrigins: [server.url] }, log);
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 820 },
    acceptDownloads: false,
  });
  const bridgeLog: Array<{ name: string; result: unknown }> = [];
  const requestLog: Array<{ name: string; request: unknown }> = [];
  await context.exposeBinding('__waspIpc', async (source, channel: unknown, payload: unknown) => {
    const name = typeof channel === 'string' ? channel.replace(/^wasp:invoke:/, '') : '';
    const request = copyAcrossIpc(payload);
    const result = await dispatcher.handle(
      { frameUrl: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
      name,
      request,
    );
    requestLog.push({ name, request });
    bridgeLog.push({ name, result });
    // ipcMain.handle's answer is a structured clone too: a result Electron could not send fails here,
    // and the page's invoke rejects with the words Electron's ipcRenderer.invoke uses.
    try {
      return copyAcrossIpc(result);
    } catch {
      throw new Error(
        `Error invoking remote method '${typeof channel === 'string' ? channel : ''}': Error: An object could not be cloned.`,
      );
    }
  });
  await context.addInitScript({ content: await bridgeInitScript() });
  const page = await context.newPage();
  const unsubscribe = services.events.subscribe((name, payload) => {
    // webContents.send serialises its arguments synchronously and throws on what it cannot clone.
    const copy = copyAcrossIpc(payload);
    void page
      .evaluate(
        ([channel, p]) =>
          (globalThis as unknown as { __waspDeliver(c: string, p: unknown): void }).__waspDeliver(channel, p),
        [eventChannel(name), copy] as const,
      )
      .catch(() => {});
  });
  await page.goto(`${server.url}/index.html`);
  return {
    page,
    context,
    services,
    dispatcher,
    dataDir,
    exportsDir,
    url: server.url,
    bridgeLog,
    requestLog,
    shellCalls,
    async close() {
      unsubscribe();
      await context.close();
      ipc.dispose();
      await core.close();
      await server.close();
      await keepLogs(dataDir, keepLogsIn);
      if (!options.keepDataDir && !options.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(exportsDir, { recursive: true, force: true });
      }
    },
  };
}
