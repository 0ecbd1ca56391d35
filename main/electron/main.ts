import { app, BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../app-services.js';
import { defaultDataDir } from '../app-paths.js';
import { createIpcDispatcher } from '../ipc/dispatcher.js';
import { originOf } from '../ipc/sender-policy.js';
import { APP_ORIGIN, APP_START_URL } from '../security/renderer-origin.js';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol.js';
import { createMainWindow } from './main-window.js';
import { installWebContentsGuards } from './window-guards.js';
import { wireIpc } from './ipc-wiring.js';

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
    const services = await createAppServices({ dataDir: defaultDataDir() });
    const dispatcher = createIpcDispatcher(
      services.handlers,
      { allowedOrigins: [rendererOrigin], allowedWebContentsIds: () => (mainWindow ? [mainWindow.webContents.id] : []) },
      { warn: (m) => console.warn(m), error: (m, e) => console.error(m, e) },
    );
    wireIpc(dispatcher, services.events, () => mainWindow);
    mainWindow = createMainWindow(`${distDir}preload/preload.cjs`, startUrl);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    app.on('before-quit', () => {
      void services.close();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
