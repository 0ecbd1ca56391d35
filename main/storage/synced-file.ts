import { open } from 'node:fs/promises';

/**
 * Writes a new file and syncs it before returning ('wx': never over an existing one). For files
 * inside a folder that is renamed into place afterwards, so no temp-and-rename of its own.
 */
export async function writeNewFileSynced(path: string, text: string): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}
