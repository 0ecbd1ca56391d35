import { writeFile } from 'node:fs/promises';
import { AppError } from '../../shared/domain/app-error.js';
import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { Dialogs } from '../dialogs.js';
import type { SavedFiles } from '../files/saved-files.js';
import { importTemplateXlsx } from '../files/import-template.js';

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
      const path = await dialogs.chooseSavePath({
        title: 'Save the import template',
        defaultName: 'Wasp phones template.xlsx',
        filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
      });
      if (path === null) return { path: null };
      try {
        await writeFile(path, importTemplateXlsx());
      } catch (e) {
        throw new AppError(
          'validation',
          `The template could not be written to "${path}" (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
        );
      }
      saved.remember(path);
      return { path };
    },
  };
}
