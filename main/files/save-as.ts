import { writeFile } from 'node:fs/promises';
import { AppError } from '../../shared/domain/app-error.js';
import type { Dialogs, SaveDialogRequest } from '../dialogs.js';

/**
 * Asks where to save (the platform's Save dialog), then makes the content and writes it there. Answers the path, or
 * null when the person cancelled; a write that fails is a validation error naming `what` and the file.
 */
export async function saveAs(
  dialogs: Dialogs,
  request: SaveDialogRequest,
  what: string,
  content: () => string | Uint8Array,
): Promise<string | null> {
  const path = await dialogs.chooseSavePath(request);
  if (path === null) return null;
  try {
    await writeFile(path, content());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('validation', `${what} could not be written to "${path}" (${code}).`);
  }
  return path;
}
