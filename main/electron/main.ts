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
import { installJobPresence, showWindow } from './job-presence.js';
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
  // A second launch (or the dock icon) brings back the window, also when it was hidden to keep sending.
  app.on('second-instance', () => showWindow(mainWindow));
  app.on('activate', () => showWindow(mainWindow));
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

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
    const presence = installJobPresence(ready.jobs, () => mainWindow, (m, e) => log.error(m, e));
    ready.setUpdatePort(
      startAutoUpdate({
        jobs: jobActivity(ready.jobs),
        notifier: {
          status: (s) => ready.events.emit('updateStatus', s),
          notice: (n) => ready.events.emit('notice', n),
        },
        logger: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
        beforeInstall: () => presence.allowQuit(),
      }),
    );
    if (app.isPackaged) Menu.setApplicationMenu(productionMenu());
    mainWindow = createMainWindow(`${distDir}preload/preload.cjs`, startUrl, !app.isPackaged, (m, e) => log.error(m, e));
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
        await Promise.race([ready.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]).catch((e: unknown) => log.error('shutdown', e));
        app.quit();
      })().catch((e: unknown) => log.error('quit', e));
    });
  });

  app.on('window-all-closed', () => app.quit());
}
