import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
    // Keep every asset a file: the CSP has no data: for scripts and no inline anything.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true },
});
