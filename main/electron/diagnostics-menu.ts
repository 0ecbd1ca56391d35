import { dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { DiagnosticsPorts } from '../diagnostics/save-diagnostics.js';
import { electronDialogs } from './electron-dialogs.js';

/** Help → Save diagnostics… with Electron's dialogs. The flow itself is main/diagnostics/save-diagnostics.ts. */
export function electronDiagnosticsPorts(getWindow: () => BrowserWindow | null): DiagnosticsPorts {
  return {
    async confirm() {
      const options: MessageBoxOptions = {
        type: 'info',
        title: 'Save diagnostics',
        message: 'Save a file for support?',
        detail:
          'It holds the app’s logs, version and settings, and a summary of each job (names, sites, counts). ' +
          'It never holds your API tokens. Customer numbers and phone numbers are left out unless you tick the box.',
        // MessageBoxOptions.checkboxLabel / MessageBoxReturnValue.checkboxChecked (Electron dialog docs).
        checkboxLabel: 'Include the rows of my jobs (customer data)',
        checkboxChecked: false,
        buttons: ['Save…', 'Cancel'],
        defaultId: 0,
        cancelId: 1,
      };
      const win = getWindow();
      const r =
        win && win.isVisible() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return r.response === 0 ? { includeRows: r.checkboxChecked } : null;
    },
    chooseSavePath: (request) => electronDialogs(getWindow).chooseSavePath(request),
    reveal: (path) => shell.showItemInFolder(path),
  };
}
