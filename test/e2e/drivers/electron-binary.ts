import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where Electron's binary is, or why the Electron driver cannot run here. The electron package
 * downloads its binary on first use (`npx install-electron`); this build machine has no internet.
 */
export function electronBinary(root = process.cwd()): { ok: true; path: string } | { ok: false; reason: string } {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: `Electron's binary is not installed (${pathFile} is missing; it is downloaded by \`npx install-electron\`, which needs the internet).`,
    };
  }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary))
    return { ok: false, reason: `Electron's binary is missing at ${binary}; run \`npx install-electron\`.` };
  return { ok: true, path: binary };
}
