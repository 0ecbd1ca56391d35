import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { productionMenu } from './production-menu.js';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
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
import { installJobPresence, showWindow } from './job-presence.js';
import { electronDialogs } from './electron-dialogs.js';
import { createLogger, formatLogLine } from '../logging/logger.js';
import { LogRedactor } from '../logging/log-redaction.js';
import { saveDiagnostics } from '../diagnostics/save-diagnostics.js';
import { electronDiagnosticsPorts } from './diagnostics-menu.js';
import { rotatingFileSink, streamSink } from '../logging/rotating-file-sink.js';
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
  let mainWindow: BrowserWindow | null = null;
  // A second launch (or the dock icon) brings back the window, also when it was hidden to keep sending.
  app.on('second-instance', () => showWindow(mainWindow));
  app.on('activate', () => showWindow(mainWindow));
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  void app.whenReady().then(async () => {
    installWebContentsGuards((url) => originOf(url) === rendererOrigin);
    serveRenderer(`${distDir}renderer`);
    const dataDir = defaultDataDir();
    const redactor = new LogRedactor();
    const log = createLogger({
      redactor,
      sinks: [rotatingFileSink({ dir: join(dataDir, 'logs') }), ...(app.isPackaged ? [] : [streamSink(process.stderr, formatLogLine)])],
    });
    let core: Core;
    try {
      core = await createCore({ dataDir, log, owner: 'app' });
    } catch (e) {
      // The usual cause: the CLI is sending from the same data folder right now.
      log.error('services failed to start', e);
      dialog.showErrorBox(PRODUCT_NAME, e instanceof Error ? e.message : 'The app could not start.');
      app.quit();
      return;
    }
    const ready = core;
    const ipc = createIpcAdapter(core, { dialogs: electronDialogs(() => mainWindow) });
    const dispatcher = createIpcDispatcher(
      ipc.handlers,
      { allowedOrigins: [rendererOrigin], allowedWebContentsIds: () => (mainWindow ? [mainWindow.webContents.id] : []) },
      log,
    );
    wireIpc(dispatcher, ipc.events, () => mainWindow);
    const presence = installJobPresence(ready.jobs, () => mainWindow, (m, e) => log.error('job presence failed', e, { step: m }));
    ipc.setUpdatePort(
      startAutoUpdate({
        jobs: jobActivity(ready.jobs),
        notifier: {
          status: (s) => ipc.events.emit('updateStatus', s),
          notice: (n) => ipc.events.emit('notice', n),
        },
        logger: { info: (m) => log.info('updater', { message: m }), warn: (m) => log.warn('updater', { message: m }) },
        beforeInstall: () => presence.allowQuit(),
      }),
    );
    const diagnostics = () =>
      void saveDiagnostics({ ...ready, jobs: ready.jobs, redactor, ports: electronDiagnosticsPorts(() => mainWindow) }).then((r) => {
        if ('failed' in r) ipc.events.emit('notice', { level: 'error', message: r.failed });
      });
    if (app.isPackaged) Menu.setApplicationMenu(productionMenu({ saveDiagnostics: diagnostics }));
    mainWindow = createMainWindow(`${distDir}preload/preload.cjs`, startUrl, !app.isPackaged, (m, e) => log.error('window', e, { step: m }));
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      // Ask first (a send may be under way), then let the queue abandon its calls cleanly (unsent
      // rows stay queued), then quit. A stuck shutdown must not keep the app alive: 5 s at most.
      event.preventDefault();
      void (async () => {
        if (!(await presence.confirmQuit())) return;
        closed = true;
        ipc.dispose();
        await Promise.race([ready.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch((e: unknown) => log.error('shutdown failed', e));
        app.quit();
      })().catch((e: unknown) => log.error('quit failed', e));
    });
  });

  app.on('window-all-closed', () => app.quit());
}
