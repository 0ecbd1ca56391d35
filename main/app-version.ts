import { readFileSync } from 'node:fs';

/**
 * The product version from the app's package.json. Looked up by walking up from this module,
 * because the same code runs from source (tests), from dist/ (CLI) and from inside app.asar.
 */
let cached: string | undefined;
export function appVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = new URL('./', import.meta.url), i = 0; i < 5; i++, dir = new URL('../', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'wasp-phone-importer' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // Not here; keep walking up.
    }
  }
  return (cached = '0.0.0');
}
