import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { productionMenu } from './production-menu.js';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../app-services.js';
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
import { createFileLog } from '../logging/file-log.js';
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
  // Set once the services are up; until then there is no window to bring back.
  let lifecycle: Lifecycle | null = null;
  const mainWindow = (): BrowserWindow | null => lifecycle?.window() ?? null;
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  void app.whenReady().then(async () => {
    installWebContentsGuards((url) => originOf(url) === rendererOrigin);
    serveRenderer(`${distDir}renderer`);
    const dataDir = defaultDataDir();
    const log = createFileLog(dataDir, !app.isPackaged);
    const e2e = e2eHooksEnabled(app.isPackaged, process.env);
    const e2eSend = e2e ? e2eSendOptions(process.env) : undefined;
    let services;
    try {
      services = await createAppServices({
        dataDir,
        owner: 'app',
        dialogs: electronDialogs(mainWindow),
        // API calls through Chromium's network stack: system proxy, PAC/WPAD, the OS certificate store.
        fetch: chromiumFetch(),
        ...(e2eSend ? { send: e2eSend } : {}),
      });
    } catch (e) {
      // The usual cause: the CLI is sending from the same data folder right now.
      log.error('services failed to start', e);
      dialog.showErrorBox(PRODUCT_NAME, e instanceof Error ? e.message : 'The app could not start.');
      app.quit();
      return;
    }
    const ready = services;
    const dispatcher = createIpcDispatcher(
      ready.handlers,
      { allowedOrigins: [rendererOrigin], allowedWebContentsIds: () => { const win = mainWindow(); return win ? [win.webContents.id] : []; } },
      log,
    );
    wireIpc(dispatcher, ready.events, mainWindow);
    if (app.isPackaged) Menu.setApplicationMenu(productionMenu());
    // Quit, the window's presence, the updater's part in quitting and the shutdown: one coordinator.
    const coordinator = startLifecycle({
      jobs: ready.jobs,
      createWindow: () => createMainWindow(`${distDir}preload/preload.cjs`, startUrl, !app.isPackaged, (m, e) => log.error(m, e)),
      shutdown: () => ready.close(),
      log: (m, e) => log.error(m, e),
    });
    lifecycle = coordinator;
    installJobPresence(ready.jobs, coordinator);
    const updates = startAutoUpdate({
      jobs: jobActivity(ready.jobs),
      notifier: {
        status: (s) => ready.events.emit('updateStatus', s),
        notice: (n) => ready.events.emit('notice', n),
      },
      logger: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
      beforeInstall: () => coordinator.installStarting(),
      installFailed: () => coordinator.installFailed(),
    });
    coordinator.attachUpdater(updates);
    ready.setUpdatePort(updates);
    if (e2e) exposeServicesForE2E(ready);
  });
}
