import { BrowserWindow } from 'electron';
import { buildWebPreferences } from '../security/web-preferences.js';
import { PRODUCT_NAME } from '../app-paths.js';

export function createMainWindow(
  preloadPath: string,
  startUrl: string,
  devTools: boolean,
  log: (m: string, e?: unknown) => void,
): BrowserWindow {
  const win = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: buildWebPreferences(preloadPath, { devTools }),
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(startUrl).catch((e: unknown) => log('the window could not load the app', e));
  return win;
}
