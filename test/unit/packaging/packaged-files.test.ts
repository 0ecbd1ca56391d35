import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../shared/domain/site-url.js';
import { decideUpdateEligibility as updateEligibility } from '../../../main/update/update-eligibility.js';
import { at, readRepoText, readRepoYaml, repoPath } from './repo-files.js';
import { builderFilter, builderUnpackFilter, filesUnder, runtimeGraph } from './packaged-files.js';

/*
 * What electron-builder.yml makes of the real built tree, judged with electron-builder's own file
 * matcher (app-builder-lib's FileMatcher and filter, on minimatch) rather than by reading the YAML
 * back: the files the app loads at run time are packed, keytar's addon is unpacked, nothing else
 * (tests, source maps) ships, and what the updater is given is something it can use.
 */

const require = createRequire(import.meta.url);
const config = readRepoYaml('electron-builder.yml');
const pkg = JSON.parse(readRepoText('package.json')) as {
  main: string;
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const packed = builderFilter(strings(at(config, 'files')));

beforeAll(() => {
  // `npm test` runs the unit tests before the E2E step builds the page and the preload; on a fresh
  // checkout only dist/main exists (npm's prepare), so build what is missing, the way `npm run build` does.
  for (const [script, output] of [
    ['build:preload', 'dist/preload/preload.cjs'],
    ['build:renderer', 'dist/renderer/index.html'],
  ] as const) {
    if (!existsSync(repoPath(output))) execFileSync('npm', ['run', script], { cwd: repoPath('.'), stdio: 'ignore' });
  }
}, 180_000);

describe('the packaged app has what it loads at run time', () => {
  it("packs package.json's main and every module it reaches (imports, dynamic imports, worker files)", () => {
    expect(pkg.main).toBe('dist/main/electron/main.js');
    expect(packed('package.json')).toBe(true);
    const { modules } = runtimeGraph(pkg.main);
    // The graph really is the app: window, IPC, the queue's draft worker, the updater glue.
    expect(modules).toEqual(
      expect.arrayContaining([
        'dist/main/electron/main.js',
        'dist/main/intake/draft-worker.js',
        'dist/main/electron/auto-update.js',
        'dist/shared/ipc/contract.js',
      ]),
    );
    const missing = modules.filter((m) => !existsSync(repoPath(m)));
    expect(missing, 'modules main imports that the build did not produce').toEqual([]);
    expect(modules.filter((m) => !packed(m))).toEqual([]);
  });

  it('every package the main process imports by name is a production dependency (devDependencies never ship)', () => {
    const { packages } = runtimeGraph(pkg.main);
    // 'electron' is the runtime itself, not a package in the app.
    const needed = [...packages].filter((p) => p !== 'electron').sort();
    expect(needed).toEqual(expect.arrayContaining(['electron-updater', 'keytar', 'zod']));
    expect(needed.filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it('packs the preload and the page main.ts loads, with every asset the page references', () => {
    const mainJs = readFileSync(repoPath('dist/main/electron/main.js'), 'utf8');
    // main.ts names them relative to dist/: read the names from the built main, not from this test.
    const preload = /preload\/[\w.-]+\.cjs/.exec(mainJs)?.[0];
    expect(preload).toBe('preload/preload.cjs');
    expect(mainJs).toContain('renderer');
    for (const file of [`dist/${preload}`, 'dist/renderer/index.html']) {
      expect(existsSync(repoPath(file)), file).toBe(true);
      expect(packed(file), file).toBe(true);
    }
    const html = readRepoText('dist/renderer/index.html');
    const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((m) => `dist/renderer/${m[1]!}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(existsSync(repoPath(asset)), asset).toBe(true);
      expect(packed(asset), asset).toBe(true);
    }
    // The page's other chunks (the sheet-reading worker) are loaded by URL from its scripts: all ship.
    expect(filesUnder('dist/renderer').filter((f) => !f.endsWith('.map') && !packed(f))).toEqual([]);
  });

  it('ships no compiled tests, no source maps and no sources', () => {
    const shipped = [
      ...filesUnder('dist'),
      ...['main/electron/main.ts', 'test/e2e/fixtures.ts', 'tsconfig.json'],
    ].filter(packed);
    expect(shipped.filter((f) => f.startsWith('dist/test/'))).toEqual([]);
    expect(shipped.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((f) => !f.startsWith('dist/'))).toEqual([]);
    // Not vacuous: the same matcher does take compiled tests and maps when a pattern lets them in.
    expect(filesUnder('dist/test').some(builderFilter(['dist/**/*']))).toBe(true);
    expect(filesUnder('dist/main').some((f) => f.endsWith('.map') && builderFilter(['dist/**/*'])(f))).toBe(true);
  });

  it("unpacks keytar's native addon out of app.asar (native code cannot load from inside it)", () => {
    const addon = 'node_modules/keytar/build/Release/keytar.node';
    expect(existsSync(repoPath(addon)), 'keytar is built (npm install)').toBe(true);
    const unpack = builderUnpackFilter(strings(at(config, 'asarUnpack')));
    expect(unpack(addon)).toBe(true);
    // Only native code: keytar's JavaScript stays in the archive.
    expect(unpack('node_modules/keytar/lib/keytar.js')).toBe(false);
    expect(at(config, 'asar')).toBe(true);
  });

  it('the build resources the config names exist: icons per platform and the macOS entitlements', () => {
    const named = [
      at(config, 'mac', 'icon'),
      at(config, 'win', 'icon'),
      at(config, 'linux', 'icon'),
      at(config, 'mac', 'entitlements'),
      at(config, 'mac', 'entitlementsInherit'),
    ].map(String);
    for (const file of named) expect(existsSync(repoPath(file)), file).toBe(true);
    // Build resources are read by the packager, never shipped inside the app.
    expect(named.filter(packed)).toEqual([]);
  });
});

describe('what the updater is given is something it can use', () => {
  interface Target {
    target: string;
  }
  const targetsOf = (platform: string) => (at(config, platform, 'target') as Target[]).map((t) => t.target);

  it('each platform builds the artifact electron-updater installs, and main enables updates exactly there', () => {
    // electron-updater: NsisUpdater (Windows), MacUpdater installs the zip (Squirrel.Mac), AppImageUpdater.
    expect(targetsOf('win')).toContain('nsis');
    expect(targetsOf('mac')).toContain('zip');
    expect(targetsOf('linux')).toContain('AppImage');
    const packaged = { isPackaged: true, env: {} };
    expect(updateEligibility({ ...packaged, platform: 'win32' })).toEqual({ enabled: true });
    expect(updateEligibility({ ...packaged, platform: 'darwin' })).toEqual({ enabled: true });
    expect(updateEligibility({ ...packaged, platform: 'linux', env: { APPIMAGE: '/opt/Wasp.AppImage' } })).toEqual({
      enabled: true,
    });
    expect(updateEligibility({ ...packaged, platform: 'linux' }).enabled).toBe(false);
  });

  it('the publish config, expanded as electron-builder expands it, gives electron-updater a provider that needs no token', () => {
    const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js') as {
      expandMacro: (pattern: string, arch: string | null, appInfo: object) => string;
    };
    const env = { WASP_RELEASE_OWNER: 'acme-it', WASP_RELEASE_REPO: 'wasp-phone-importer' };
    Object.assign(process.env, env);
    try {
      const publish = at(config, 'publish') as Record<string, unknown>;
      const expanded = Object.fromEntries(
        Object.entries(publish).map(([k, v]) => [k, typeof v === 'string' ? expandMacro(v, null, {}) : v]),
      );
      expect(expanded).toMatchObject({ owner: 'acme-it', repo: 'wasp-phone-importer' });
      const { createClient } = require('electron-updater/out/providerFactory.js') as {
        createClient: (data: unknown, updater: unknown, runtime: unknown) => { constructor: { name: string } };
      };
      const provider = createClient(expanded, {}, { isUseMultipleRangeRequest: false, platform: 'win32' }) as {
        constructor: { name: string };
        baseUrl: URL;
      };
      // A private repository would need a token inside the app, which must never hold one.
      expect(provider.constructor.name).toBe('GitHubProvider');
      expect(provider.baseUrl.href).toBe('https://github.com/');
      expect(isLoopbackHost(provider.baseUrl.hostname)).toBe(false);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  it('artifact names carry the version and never collide across architectures', () => {
    const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js') as {
      expandMacro: (pattern: string, arch: string | null, appInfo: object, extra: object) => string;
    };
    const appInfo = { name: pkg.name, version: pkg.version };
    const names = ['x64', 'arm64'].flatMap((arch) =>
      ['dmg', 'zip'].map((ext) => expandMacro(String(at(config, 'artifactName')), arch, appInfo, { ext })),
    );
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toContain(pkg.version);
    const installer = expandMacro(String(at(config, 'nsis', 'artifactName')), null, appInfo, { ext: 'exe' });
    expect(installer).toBe(`${pkg.name}-setup-${pkg.version}.exe`);
  });
});
