import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function makeTempDir(prefix = 'wasp-cred-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file under dir (recursively), with its bytes, so a test can grep the whole folder. */
export async function allFiles(dir: string): Promise<Array<{ path: string; content: Buffer }>> {
  const out: Array<{ path: string; content: Buffer }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, content: await readFile(path) });
  }
  return out;
}

/** Paths of files that contain the needle as UTF-8, UTF-16LE or base64: the usual ways a secret leaks. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const forms = [
    Buffer.from(needle, 'utf8'),
    Buffer.from(needle, 'utf16le'),
    Buffer.from(Buffer.from(needle).toString('base64')),
  ];
  return (await allFiles(dir)).filter((f) => forms.some((form) => f.content.includes(form))).map((f) => f.path);
}
