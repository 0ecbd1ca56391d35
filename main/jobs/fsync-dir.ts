import { open } from 'node:fs/promises';

/**
 * Makes a rename or a new file inside `dir` durable. Windows cannot open directories, and NTFS
 * journals renames itself, so the failure is ignored there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Some filesystems (network mounts) refuse directory fsync; the data files are still synced.
  } finally {
    await fh?.close();
  }
}
