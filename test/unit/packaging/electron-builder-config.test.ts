import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { at, isRecord, readPngHeader, readRepoText, readRepoYaml, repoPath } from './repo-files.js';

const require = createRequire(import.meta.url);
const config = readRepoYaml('electron-builder.yml');

interface TargetEntry {
  target: string;
  arch: string[];
}

function targets(platform: 'mac' | 'win' | 'linux'): TargetEntry[] {
  const list = at(config, platform, 'target');
  if (!Array.isArray(list)) throw new Error(`${platform}.target must be a list`);
  return list.map((entry: unknown) => {
    const target = at(entry, 'target');
    const arch = at(entry, 'arch');
    if (typeof target !== 'string' || !Array.isArray(arch))
      throw new Error(`${platform}.target entries need target and arch`);
    return { target, arch: arch.map(String) };
  });
}

describe("electron-builder.yml against electron-builder's own schema", () => {
  const schemaPath = require.resolve('app-builder-lib/scheme.json');
  const schema: unknown = JSON.parse(readFileSync(schemaPath, 'utf8'));

  it('validates with ajv against app-builder-lib/scheme.json, without type coercion', () => {
    if (!isRecord(schema)) throw new Error('scheme.json is not an object');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the same schema when a key is misspelled (the check has teeth)', () => {
    if (!isRecord(schema) || !isRecord(config)) throw new Error('bad fixtures');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const nsis = at(config, 'nsis');
    if (!isRecord(nsis)) throw new Error('nsis missing');
    expect(validate({ ...config, nsis: { ...nsis, perMachin: false } })).toBe(false);
  });

  it("passes electron-builder's own configuration check (the one `electron-builder` runs first)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (
        config: unknown,
        debug: { isEnabled: boolean; add: (key: string, value: unknown) => void },
      ) => Promise<void>;
    };
    await expect(
      validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined }),
    ).resolves.toBeUndefined();
  });
});

describe('electron-builder.yml: what the packaging issue asks for', () => {
  it('names the app and writes installers to release/ with resources from build/', () => {
    expect(at(config, 'appId')).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/);
    expect(at(config, 'productName')).toBe('Wasp Phone Importer');
    expect(at(config, 'directories')).toEqual({ buildResources: 'build', output: 'release' });
  });

  it("rebuilds keytar's native addon for Electron's ABI (what packed-files.test.ts checks is unpacked)", () => {
    expect(at(config, 'npmRebuild')).toBe(true);
  });

  it('builds a per-user NSIS installer for x64 and arm64 that keeps user data on uninstall', () => {
    expect(targets('win')).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(at(config, 'nsis', 'perMachine')).toBe(false);
    expect(at(config, 'nsis', 'allowElevation')).toBe(false);
    expect(at(config, 'nsis', 'oneClick')).toBe(true);
    expect(at(config, 'nsis', 'deleteAppDataOnUninstall')).toBe(false);
  });

  it('signs macOS builds for notarisation: hardened runtime with the entitlements in build/', () => {
    expect(at(config, 'mac', 'hardenedRuntime')).toBe(true);
    expect(at(config, 'mac', 'notarize')).toBe(true);
    expect(at(config, 'mac', 'entitlements')).toBe('build/entitlements.mac.plist');
    expect(at(config, 'mac', 'entitlementsInherit')).toBe('build/entitlements.mac.inherit.plist');
  });

  it("flips the security fuses through electron-builder's electronFuses", () => {
    expect(at(config, 'electronFuses')).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
    // Fuses are handled in-process; a stray hook would flip them a second time or after signing.
    for (const hook of ['afterPack', 'afterSign', 'beforePack']) {
      const value = isRecord(config) ? config[hook] : undefined;
      if (typeof value === 'string') expect(existsSync(repoPath(value)), `${hook} points to ${value}`).toBe(true);
    }
  });

  it('publishes a draft that the release workflow fills, with every ${env.X} it needs set by that workflow', () => {
    const publish = at(config, 'publish');
    expect(at(publish, 'releaseType')).toBe('draft');
    // electron-builder stops on an unset ${env.X}: each one must be set where releases are built.
    const needed = [...JSON.stringify(publish).matchAll(/\$\{env\.([A-Z0-9_]+)\}/g)].map((m) => m[1]!);
    expect(needed.length).toBeGreaterThan(0);
    const release = readRepoText('.github/workflows/release.yml');
    for (const name of needed) expect(release, name).toMatch(new RegExp(`\\b${name}: \\$\\{\\{ github\\.`));
  });
});

describe('build/ resources', () => {
  it('has a 1024x1024 RGBA PNG app icon, with its SVG source beside it', () => {
    for (const platform of ['mac', 'win', 'linux']) expect(at(config, platform, 'icon')).toBe('build/icon.png');
    const header = readPngHeader(readFileSync(repoPath('build/icon.png')));
    expect(header).toEqual({ width: 1024, height: 1024, bitDepth: 8, colourType: 6 });
    expect(readRepoText('build/icon.svg')).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it.each(['build/entitlements.mac.plist', 'build/entitlements.mac.inherit.plist'])(
    '%s grants JIT (V8 needs it under the hardened runtime) and nothing wider',
    (file) => {
      const xml = readRepoText(file).replace(/<!--[\s\S]*?-->/g, '');
      expect(xml).toMatch(
        /^<\?xml[^>]*\?>\s*<!DOCTYPE plist[^>]*>\s*<plist version="1.0">\s*<dict>[\s\S]*<\/dict>\s*<\/plist>\s*$/,
      );
      const granted = [...xml.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
      expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    },
  );

  it("holds only resources and build hooks (it is electron-builder's resources folder, not code)", () => {
    for (const name of readdirSync(repoPath('build'))) {
      expect(name).toMatch(/\.(png|svg|icns|ico|plist|nsh|cjs|txt)$/);
    }
  });
});
