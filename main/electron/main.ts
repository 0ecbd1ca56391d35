import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { productionMenu } from './production-menu.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/create-core.js';
import { createIpcAdapter } from '../ipc/ipc-adapter.js';
import { APP_ID, defaultDataDir, PRODUCT_NAME } from '../app-paths.js';
import { createIpcDispatcher } from '../ipc/dispatcher.js';
import { originOf } from '../ipc/sender-policy.js';
import { APP_ORIGIN, APP_START_URL } from '../security/renderer-origin.js';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol.js';
import { createMainWindow } from './main-window.js';
import { installWebContentsGuards } from './window-guards.js';
import { wireIpc } from './ipc-wiring.js';
import { startAutoUpdate } from './auto-update.js';
import { installJobPresence } from './job-presence.js';
import { startLifecycle, type Lifecycle } from './lifecycle.js';
import { electronDialogs } from './electron-dialogs.js';
import { chromiumFetch } from './net-fetch.js';
import { e2eHooksEnabled, e2eSendOptions, exposeServicesForE2E } from './e2e-hooks.js';
import { createLogger, formatLogLine } from '../logging/logger.js';
import { LogRedactor } from '../logging/log-redaction.js';
import { rotatingFileSink, streamSink } from '../logging/rotating-file-sink.js';
import { saveDiagnostics } from '../diagnostics/save-diagnostics.js';
import { electronDiagnosticsPorts } from './diagnostics-menu.js';
import { jobActivity } from '../update/job-activity.js';

// The Electron glue: lifecycle, window, protocol, IPC wiring. Everything it calls is plain
// TypeScript that also runs under Node (tests, harness, CLI).

const distDir = fileURLToPath(new URL('../../', import.meta.url));
const devServerUrl = !app.isPackaged ? process.env['VITE_DEV_SERVER_URL'] : undefined;
const rendererOrigin = devServerUrl ? (originOf(devServerUrl) ?? APP_ORIGIN) : APP_ORIGIN;
const startUrl = devServerUrl ?? APP_START_URL;

registerAppSchemePrivileges();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Set once the core is up; until then there is no window to bring back.
  let lifecycle: Lifecycle | null = null;
  const mainWindow = (): BrowserWindow | null => lifecycle?.window() ?? null;
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  void app.whenReady().then(async () => {
    installWebContentsGuards((url) => originOf(url) === rendererOrigin);
    serveRenderer(`${distDir}renderer`);
    const dataDir = defaultDataDir();
    // One logger for every service; the redactor also guards Help → Save diagnostics….
    const redactor = new LogRedactor();
    const log = createLogger({
      redactor,
      sinks: [
        rotatingFileSink({ dir: join(dataDir, 'logs') }),
        ...(app.isPackaged ? [] : [streamSink(process.stderr, formatLogLine)]),
      ],
    });
    const e2e = e2eHooksEnabled(app.isPackaged, process.env);
    const e2eSend = e2e ? e2eSendOptions(process.env) : undefined;
    // API calls through Chromium's network stack: system proxy, PAC/WPAD, the OS certificate store.
    const fetch = chromiumFetch();
    let core: Core;
    try {
      core = await createCore({ dataDir, log, owner: 'app', fetch, ...(e2eSend ? { send: e2eSend } : {}) });
    } catch (e) {
      log.error('core failed to start', e);
      dialog.showErrorBox(PRODUCT_NAME, e instanceof Error ? e.message : 'The app could not start.');
      app.quit();
      return;
    }
    const ipc = createIpcAdapter(core, { dialogs: electronDialogs(mainWindow), fetch });
    const dispatcher = createIpcDispatcher(
      ipc.handlers,
      {
        allowedOrigins: [rendererOrigin],
        allowedWebContentsIds: () => {
          const win = mainWindow();
          return win ? [win.webContents.id] : [];
        },
      },
      log,
    );
    wireIpc(dispatcher, ipc.events, mainWindow);
    const diagnostics = () =>
      void saveDiagnostics({ ...core, redactor, ports: electronDiagnosticsPorts(mainWindow) }).then((r) => {
        if ('failed' in r) ipc.events.emit('notice', { level: 'error', message: r.failed });
      });
    if (app.isPackaged) Menu.setApplicationMenu(productionMenu({ saveDiagnostics: diagnostics }));
    // Quit, the window's presence, the updater's part in quitting and the shutdown: one coordinator.
    const coordinator = startLifecycle({
      jobs: core.jobs,
      createWindow: () =>
        createMainWindow(`${distDir}preload/preload.cjs`, startUrl, !app.isPackaged, (m, e) =>
          log.error('window', e, { step: m }),
        ),
      shutdown: async () => {
        ipc.dispose();
        await core.close();
      },
      log: (m, e) => log.error('lifecycle', e, { step: m }),
    });
    lifecycle = coordinator;
    installJobPresence(core.jobs, coordinator);
    const updates = startAutoUpdate({
      jobs: jobActivity(core.jobs),
      notifier: {
        status: (s) => ipc.events.emit('updateStatus', s),
        notice: (n) => ipc.events.emit('notice', n),
      },
      logger: { info: (m) => log.info('updater', { message: m }), warn: (m) => log.warn('updater', { message: m }) },
      beforeInstall: () => coordinator.installStarting(),
      installFailed: () => coordinator.installFailed(),
    });
    coordinator.attachUpdater(updates);
    ipc.setUpdatePort(updates);
    if (e2e)
      exposeServicesForE2E({
        ...core,
        events: ipc.events,
        handlers: ipc.handlers,
        setUpdatePort: (p) => ipc.setUpdatePort(p),
      });
  });
}
