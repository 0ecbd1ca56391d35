import { BrowserWindow } from 'electron';
import { buildWebPreferences } from '../security/web-preferences.js';
import { PRODUCT_NAME } from '../app-paths.js';

export function createMainWindow(preloadPath: string, startUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: buildWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(startUrl);
  return win;
}
