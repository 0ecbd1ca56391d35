import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte({ hot: false } as never)],
  test: {
    include: ['test/unit/**/*.test.ts', 'renderer/src/**/*.test.ts', 'shared/**/*.test.ts'],
    // Keychain tests need a Secret Service session; they run through test/keychain/run.sh.
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each run gets its own TMPDIR and fails if a test leaves files there.
    globalSetup: ['test/support/temp-guard.ts'],
  },
});
