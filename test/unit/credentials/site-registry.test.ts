import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGISTRY_FILE_NAME, SiteRegistry } from '../../../main/credentials/site-registry.js';
import { makeTempDir, removeDir } from './fs-helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const record = (site: string) => ({ site, lastVerifiedAt: null, lastResult: null, tokenSavedAt: null });

describe('SiteRegistry', () => {
  it('starts empty when there is no file, without creating one', async () => {
    const registry = new SiteRegistry(dir);
    expect(await registry.read()).toEqual({ version: 1, defaultSite: null, sites: [] });
    expect(await readdir(dir)).toEqual([]);
  });

  it('persists changes as JSON that a new instance reads back', async () => {
    await new SiteRegistry(dir).update((s) => {
      s.sites.push({ ...record('https://a.example'), label: 'Test tenant' });
      s.defaultSite = 'https://a.example';
    });
    const text = await readFile(join(dir, REGISTRY_FILE_NAME), 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      defaultSite: 'https://a.example',
      sites: [
        { site: 'https://a.example', label: 'Test tenant', lastVerifiedAt: null, lastResult: null, tokenSavedAt: null },
      ],
    });
    expect((await new SiteRegistry(dir).read()).sites.map((s) => s.site)).toEqual(['https://a.example']);
  });

  it('creates the data folder when it does not exist yet', async () => {
    const nested = join(dir, 'deep', 'data');
    await new SiteRegistry(nested).update((s) => s.sites.push(record('https://a.example')));
    expect(await readdir(nested)).toEqual([REGISTRY_FILE_NAME]);
  });

  it('drops unknown keys such as a hand-added "token" at the next write', async () => {
    await writeFile(
      join(dir, REGISTRY_FILE_NAME),
      JSON.stringify({
        version: 1,
        defaultSite: null,
        sites: [{ ...record('https://a.example'), token: 'hand-added-secret' }],
      }),
    );
    const registry = new SiteRegistry(dir);
    expect(JSON.stringify(await registry.read())).not.toContain('hand-added-secret');
    await registry.update(() => undefined);
    expect(await readFile(join(dir, REGISTRY_FILE_NAME), 'utf8')).not.toContain('hand-added-secret');
  });

  it('does not lose changes made at the same time (queued read-modify-write)', async () => {
    const registry = new SiteRegistry(dir);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => registry.update((s) => s.sites.push(record(`https://s${i}.example`)))),
    );
    expect((await new SiteRegistry(dir).read()).sites).toHaveLength(25);
  });

  it('sees changes another process (another instance) wrote in between', async () => {
    const app = new SiteRegistry(dir);
    const cli = new SiteRegistry(dir);
    await app.update((s) => s.sites.push(record('https://app.example')));
    await cli.update((s) => s.sites.push(record('https://cli.example')));
    await app.update((s) => (s.defaultSite = 'https://app.example'));
    const state = await new SiteRegistry(dir).read();
    expect(state.sites.map((s) => s.site)).toEqual(['https://app.example', 'https://cli.example']);
    expect(state.defaultSite).toBe('https://app.example');
  });

  it('a failed change leaves the file as it was', async () => {
    const registry = new SiteRegistry(dir);
    await registry.update((s) => s.sites.push(record('https://a.example')));
    await expect(
      registry.update((s) => {
        s.sites.push(record('https://b.example'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await registry.read()).sites.map((s) => s.site)).toEqual(['https://a.example']);
  });

  it('sets an unreadable file aside and starts empty rather than refusing to start', async () => {
    await writeFile(join(dir, REGISTRY_FILE_NAME), '{ this is not json');
    const seen: string[] = [];
    const registry = new SiteRegistry(dir, { onCorrupt: (movedTo) => seen.push(movedTo) });
    expect((await registry.read()).sites).toEqual([]);
    expect(seen).toHaveLength(1);
    const files = await readdir(dir);
    expect(files.some((f) => f.startsWith(`${REGISTRY_FILE_NAME}.corrupt-`))).toBe(true);
    expect(files).not.toContain(REGISTRY_FILE_NAME);
  });

  it('treats a file of the wrong shape like a corrupt one', async () => {
    await writeFile(join(dir, REGISTRY_FILE_NAME), JSON.stringify({ version: 99, sites: 'nope' }));
    expect((await new SiteRegistry(dir).read()).sites).toEqual([]);
  });
});
