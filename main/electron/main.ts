import { app, dialog, type BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../app-services.js';
import { defaultDataDir, PRODUCT_NAME } from '../app-paths.js';
import { createIpcDispatcher } from '../ipc/dispatcher.js';
import { originOf } from '../ipc/sender-policy.js';
import { APP_ORIGIN, APP_START_URL } from '../security/renderer-origin.js';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol.js';
import { createMainWindow } from './main-window.js';
import { installWebContentsGuards } from './window-guards.js';
import { wireIpc } from './ipc-wiring.js';
import { startAutoUpdate } from './auto-update.js';
import { installJobPresence } from './job-presence.js';
import { openExternalChecked } from './window-guards.js';
import { electronDialogs } from './electron-dialogs.js';
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
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(async () => {
    installWebContentsGuards((url) => originOf(url) === rendererOrigin);
    serveRenderer(`${distDir}renderer`);
    const dataDir = defaultDataDir();
    const log = createFileLog(dataDir, !app.isPackaged);
    let services;
    try {
      services = await createAppServices({
        dataDir,
        owner: 'app',
        dialogs: electronDialogs(() => mainWindow),
        openExternal: openExternalChecked,
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
      { allowedOrigins: [rendererOrigin], allowedWebContentsIds: () => (mainWindow ? [mainWindow.webContents.id] : []) },
      log,
    );
    wireIpc(dispatcher, ready.events, () => mainWindow);
    installJobPresence(ready.jobs, () => mainWindow);
    ready.setUpdatePort(
      startAutoUpdate({
        jobs: jobActivity(ready.jobs),
        notifier: {
          status: (s) => ready.events.emit('updateStatus', s),
          notice: (n) => ready.events.emit('notice', n),
        },
        logger: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
      }),
    );
    mainWindow = createMainWindow(`${distDir}preload/preload.cjs`, startUrl);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      // Let the queue abandon its calls cleanly (unsent rows stay queued) before the process ends.
      event.preventDefault();
      closed = true;
      void ready.close().finally(() => app.quit());
    });
  });

  app.on('window-all-closed', () => app.quit());
}
