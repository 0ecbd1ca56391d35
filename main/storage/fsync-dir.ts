import { open } from 'node:fs/promises';

/**
 * Makes a rename or a new file inside `dir` durable (the job store and every atomic settings write
 * use this one rule). Windows cannot open a directory for fsync and NTFS journals renames itself, so
 * it is skipped there; file systems that refuse a directory fsync (network mounts, some container
 * overlays) answer with one of the codes below and are let through, the files themselves being
 * synced. Any other failure (EIO…) is real and is thrown.
 */
const REFUSALS = new Set(['EPERM', 'EISDIR', 'EINVAL', 'EACCES', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF']);

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!REFUSALS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}
