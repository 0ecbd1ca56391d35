import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './fsync-dir.js';

/**
 * Replaces a file so that a reader (or the next start after a crash or power cut) sees either the old
 * content or the new one, never a torn mix: write a temp file in the same folder, fsync it, rename it
 * over the target (atomic on the same file system), then fsync the folder so the rename itself is on
 * disk. The temp name is unique so two writers in one folder cannot trample each other's temp file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await (typeof content === 'string' ? handle.writeFile(content, 'utf8') : handle.writeFile(content));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await fsyncDir(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
