import { AppError } from '../../shared/domain/app-error.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { Dialogs } from '../dialogs.js';
import type { SavedFiles } from '../files/saved-files.js';
import { importTemplateXlsx } from '../files/import-template.js';
import { saveAs } from '../files/save-as.js';

type FileHandlers = Pick<InvokeHandlers, 'showInFolder' | 'openSavedFile' | 'saveImportTemplate'>;

const NOT_SAVED = 'Only a file this app has just saved can be opened from here.';

/** Open / Show in folder for files main saved, and the import template. */
export function fileHandlers({ dialogs, saved }: { dialogs: Dialogs; saved: SavedFiles }): FileHandlers {
  return {
    showInFolder: ({ path }) => {
      if (!saved.has(path)) throw new AppError('validation', NOT_SAVED);
      dialogs.showItemInFolder(path);
      return { shown: true as const };
    },
    async openSavedFile({ path }) {
      if (!saved.has(path)) throw new AppError('validation', NOT_SAVED);
      const problem = await dialogs.openPath(path);
      if (problem !== '') throw new AppError('validation', `The file could not be opened: ${problem}`);
      return { opened: true as const };
    },
    async saveImportTemplate() {
      const request = {
        title: 'Save the import template',
        defaultName: 'Wasp phones template.xlsx',
        filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
      };
      const path = await saveAs(dialogs, request, 'The template', importTemplateXlsx);
      if (path === null) return { path: null };
      saved.remember(path);
      return { path };
    },
  };
}
