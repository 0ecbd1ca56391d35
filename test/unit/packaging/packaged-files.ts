import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { repoPath } from './repo-files.js';

const require = createRequire(import.meta.url);

/** electron-builder's own file matcher (app-builder-lib), the one it packs the app with. */
interface FileMatcherApi {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean };
}
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as FileMatcherApi;

/**
 * Whether electron-builder would take each path (relative to the repo root) given these patterns,
 * as its copier asks: every parent folder must pass the filter too, or the walk never reaches the file.
 */
export function builderFilter(patterns: string[]): (relativePath: string) => boolean {
  const root = repoPath('.').replace(/[\\/]$/, '');
  const filter = new FileMatcher(root, '/app', (s) => s, patterns).createFilter();
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const path = join(root, ...parts.slice(0, i));
      const isDirectory = i < parts.length;
      if (!filter(path, { isDirectory: () => isDirectory })) return false;
    }
    return true;
  };
}

/** Whether electron-builder unpacks a file out of app.asar: its asar packer asks the asarUnpack filter per file. */
export function builderUnpackFilter(patterns: string[]): (relativePath: string) => boolean {
  const root = repoPath('.').replace(/[\\/]$/, '');
  const filter = new FileMatcher(root, '/app', (s) => s, patterns).createFilter();
  return (relativePath) => filter(join(root, ...relativePath.split('/')), { isDirectory: () => false });
}

/** Every file under a folder of the repo, as repo-relative paths with '/'. */
export function filesUnder(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(repoPath('.'), path).split(sep).join('/'));
    }
  };
  walk(repoPath(folder));
  return out;
}

const RELATIVE_SPECIFIER = [
  /\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g,
  /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /\bimport\s+['"](\.{1,2}\/[^'"]+)['"]/g,
  // Worker threads: new Worker(new URL('./draft-worker.js', import.meta.url)).
  /new URL\(\s*['"](\.{1,2}\/[^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g,
];
const BARE_SPECIFIER = [
  /\bfrom\s+['"]([^.'"][^'"]*)['"]/g,
  /\bimport\s*\(\s*['"]([^.'"][^'"]*)['"]\s*\)/g,
  /\bimport\s+['"]([^.'"][^'"]*)['"]/g,
];

/**
 * The compiled modules the app loads, from package.json's `main` through every relative import,
 * dynamic import and worker URL, with the packages they import by name.
 */
export function runtimeGraph(entry: string): { modules: string[]; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const path = repoPath(file);
    if (!existsSync(path)) return;
    const code = readFileSync(path, 'utf8');
    for (const pattern of RELATIVE_SPECIFIER)
      for (const m of code.matchAll(pattern)) visit(join(dirname(file), m[1]!).split(sep).join('/'));
    for (const pattern of BARE_SPECIFIER)
      for (const m of code.matchAll(pattern)) {
        const spec = m[1]!;
        // Only what can be a package name (a string such as "from 'a sentence'" in a message is not).
        if (spec.startsWith('node:') || !/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+(\/[\w./-]+)?$/.test(spec)) continue;
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
  };
  visit(entry);
  return { modules: [...seen], packages };
}
