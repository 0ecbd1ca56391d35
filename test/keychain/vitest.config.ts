import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Tests against the real OS keychain. Run them through test/keychain/run.sh, which provides a private
 * D-Bus session and an unlocked GNOME keyring; they are excluded from the unit run on purpose.
 */
export default defineConfig({
  root,
  test: {
    include: ['test/keychain/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One keyring is shared by every file; running them one after another keeps failures readable.
    fileParallelism: false,
  },
});
