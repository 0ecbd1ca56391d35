import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every unit test (and every child process it starts) gets a temp folder of
 * its own run through TMPDIR, and the run fails when a test leaves anything in it. A test that
 * writes to os.tmpdir() must remove what it made; leftovers pile up on a developer's /tmp.
 */

// Caches that tools (not tests) keep in the temp folder on purpose.
const TOOL_CACHES = new Set(['jiti']);

export default function setup(): () => void {
  const outer = tmpdir();
  const folder = mkdtempSync(join(outer, 'wasp-unit-tmp-'));
  process.env['TMPDIR'] = folder;
  return () => {
    const left = readdirSync(folder).filter((name) => !TOOL_CACHES.has(name));
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest reports an error thrown here but still exits 0: set the exit code as well.
      process.exitCode = 1;
      throw new Error(`Tests left files in the temp folder (remove them after the test): ${left.join(', ')}`);
    }
  };
}
