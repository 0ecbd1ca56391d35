import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir, removeDir } from '../credentials/fs-helpers.js';

// The failure switch is hoisted with the mock so the factory can see it.
const faults = vi.hoisted(() => ({ failRename: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (faults.failRename) throw Object.assign(new Error('simulated power cut before rename'), { code: 'EIO' });
      return actual.rename(from, to);
    },
  };
});

const { writeFileAtomic } = await import('../../../main/storage/atomic-file.js');

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
  faults.failRename = false;
});
afterEach(async () => {
  await removeDir(dir);
});

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temp file behind', async () => {
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"n":1}');
    await writeFileAtomic(path, '{"n":2}');
    expect(await readFile(path, 'utf8')).toBe('{"n":2}');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('keeps the old file whole when the write fails before the rename', async () => {
    const path = join(dir, 'a.json');
    await writeFile(path, 'old content');
    faults.failRename = true;
    await expect(writeFileAtomic(path, 'new content')).rejects.toThrow(/power cut/);
    expect(await readFile(path, 'utf8')).toBe('old content');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('creates the file readable by its owner only', async () => {
    if (process.platform === 'win32') return;
    const path = join(dir, 'b.json');
    await writeFileAtomic(path, 'x');
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
