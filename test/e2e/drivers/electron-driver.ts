import { _electron as electron, test, type ElectronApplication } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import type { E2EServices } from '../../../main/electron/e2e-hooks.js';
import type { HarnessOptions } from '../../harness/harness.js';
import { keepLogs } from '../../harness/run-logs.js';
import type { AppUnderTest } from './app-under-test.js';

/**
 * The E2E driver for the real app: Playwright's _electron launches `electron .` (the built app,
 * unpackaged) with its own data folder and WASP_E2E_HOOKS=1, so main exposes its services to
 * electronApp.evaluate() (main/electron/e2e-hooks.ts). Native dialogs are answered in main through
 * electronApp.evaluate(): save dialogs pick a file in the exports folder beside the data folder,
 * message boxes answer "Stop and quit" where offered (else their cancel button) and are recorded.
 *
 * What a spec does through `app.services` is sent to main as one evaluate() per call, so calls must
 * be awaited and take plain data. A spec that reads main's state synchronously, hands main a
 * function, or needs the harness's in-process logs is skipped here with the reason.
 */
export async function startElectronApp(binary: string, options: HarnessOptions): Promise<AppUnderTest> {
  const unsupported = (['dialogs', 'credentials', 'fetch'] as const).filter((k) => options[k] !== undefined);
  if (unsupported.length)
    test.skip(
      true,
      `Electron driver: the spec sets ${unsupported.join(', ')}, which only the in-process harness can take`,
    );
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'wasp-electron-')));
  const exportsDir = join(dataDir, '..', `${basename(dataDir)}-exports`);
  await mkdir(exportsDir, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const electronApp = await electron.launch({
    executablePath: binary,
    args: ['.'],
    cwd: process.cwd(),
    env: {
      ...env,
      WASP_PHONES_DATA: dataDir,
      WASP_E2E_HOOKS: '1',
      ...(options.send ? { WASP_E2E_SEND_OPTIONS: JSON.stringify(options.send) } : {}),
    },
  });
  await answerNativeDialogs(electronApp, exportsDir);
  const page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  // The harness's page size, so a spec's layout checks and screenshots mean the same on both drivers.
  const viewport = options.viewport ?? { width: 1280, height: 820 };
  await electronApp.evaluate(
    ({ BrowserWindow }, size) => BrowserWindow.getAllWindows()[0]?.setContentSize(size.width, size.height),
    viewport,
  );
  await electronApp.evaluate(async () => {
    // Main's services exist once the window does; wait for the hook to be set.
    for (let i = 0; i < 200 && !(globalThis as { __waspE2E?: unknown }).__waspE2E; i += 1)
      await new Promise((r) => setTimeout(r, 25));
  });
  const snapshot = await electronApp.evaluate(() => {
    const services = (
      globalThis as unknown as { __waspE2E: { services: { sandboxSite: string | null; dataDir: string } } }
    ).__waspE2E.services;
    return { sandboxSite: services.sandboxSite, dataDir: services.dataDir };
  });
  const harnessOnly = (what: string) => (): never => {
    test.skip(true, `Electron driver: ${what} exists only in the in-process harness`);
    throw new Error('unreachable');
  };
  return {
    driver: 'electron',
    page,
    context: page.context(),
    services: remoteServices(electronApp, snapshot),
    get dispatcher(): never {
      return harnessOnly('app.dispatcher')();
    },
    get bridgeLog(): never {
      return harnessOnly('app.bridgeLog (the values main returned to the page)')();
    },
    requestLog: undefined,
    get shellCalls(): never {
      return harnessOnly('app.shellCalls (the Show in folder / Open calls main made)')();
    },
    dataDir,
    exportsDir,
    url: 'app://wasp',
    electronApp,
    async close() {
      // A spec may have quit the app already (closing its last window quits it).
      await electronApp.close().catch(() => undefined);
      await keepLogs(dataDir, options.keepLogsIn);
      if (!options.keepDataDir && !options.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(exportsDir, { recursive: true, force: true });
      }
    },
  };
}

/** Native dialogs, answered in main (Playwright: "electronApplication.evaluate … in the main Electron process"). */
async function answerNativeDialogs(electronApp: ElectronApplication, exportsDir: string): Promise<void> {
  await electronApp.evaluate(
    ({ dialog }, { dir, separator }) => {
      const last = (args: unknown[]) =>
        args[args.length - 1] as { defaultPath?: string; cancelId?: number; buttons?: string[] };
      dialog.showSaveDialog = async (...args: unknown[]) => {
        const name = (last(args).defaultPath ?? 'export').split(/[\\/]/).pop();
        return { canceled: false, filePath: `${dir}${separator}${name}` };
      };
      dialog.showMessageBox = async (...args: unknown[]) => {
        const options = last(args);
        const answered = (globalThis as unknown as { __waspE2EDialogs?: unknown[] }).__waspE2EDialogs ?? [];
        answered.push(options);
        (globalThis as unknown as { __waspE2EDialogs: unknown[] }).__waspE2EDialogs = answered;
        // "Stop and quit" where offered, so closing the app at the end of a spec never hangs on a question.
        const stop = options.buttons?.indexOf('Stop and quit') ?? -1;
        return { response: stop >= 0 ? stop : (options.cancelId ?? 0), checkboxChecked: false };
      };
    },
    { dir: exportsDir, separator: sep },
  );
}

/** Reads a spec needs as a value right away (no await): main's job list is the one in use. */
const SYNCHRONOUS_CALLS = new Set([
  'jobs.listJobs',
  'jobs.onProgress',
  'jobs.onJobsChanged',
  'events.subscribe',
  'setUpdatePort',
]);
/** Calls a spec makes for their effect only (no result used): sent to main without waiting. */
const FIRE_AND_FORGET = new Set(['events.emit']);

function remoteServices(
  electronApp: ElectronApplication,
  snapshot: { sandboxSite: string | null; dataDir: string },
): E2EServices {
  const call = (path: string[], args: unknown[]) =>
    electronApp.evaluate(
      async (_electron, { path: keys, args: values }) => {
        let owner = (globalThis as unknown as { __waspE2E: { services: Record<string, unknown> } }).__waspE2E.services;
        for (const key of keys.slice(0, -1)) owner = owner[key] as Record<string, unknown>;
        const fn = owner[keys[keys.length - 1]!] as (...a: unknown[]) => unknown;
        return await fn.apply(owner, values);
      },
      { path, args },
    );
  const node = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get(_target, key) {
        if (typeof key === 'symbol' || key === 'then') return undefined;
        if (path.length === 0 && (key === 'sandboxSite' || key === 'dataDir')) return snapshot[key];
        return node([...path, key]);
      },
      apply(_target, _this, args: unknown[]) {
        const name = path.join('.');
        if (SYNCHRONOUS_CALLS.has(name) || args.some((a) => typeof a === 'function')) {
          test.skip(
            true,
            `Electron driver: app.services.${name}() needs main's services in the test's own process (a synchronous result or a callback); only the harness has that`,
          );
        }
        if (FIRE_AND_FORGET.has(name)) {
          call(path, args).catch(() => undefined);
          return undefined;
        }
        return call(path, args);
      },
    });
  return node([]) as E2EServices;
}
