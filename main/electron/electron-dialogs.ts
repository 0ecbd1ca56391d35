import { dialog, shell, type BrowserWindow } from 'electron';
import type { Dialogs } from '../dialogs.js';

export function electronDialogs(getWindow: () => BrowserWindow | null): Dialogs {
  return {
    async chooseSavePath({ title, defaultName, filters }) {
      const win = getWindow();
      const options = { title, defaultPath: defaultName, filters };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    // Electron: shell.showItemInFolder(fullPath) returns void; shell.openPath(path) resolves to ''
    // on success or an error message (electron.d.ts, Shell).
    showItemInFolder: (path) => shell.showItemInFolder(path),
    openPath: (path) => shell.openPath(path),
  };
}
