import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One self-contained CommonJS file: sandboxed preloads cannot load other modules.
export default defineConfig({
  build: {
    outDir: here('../dist/preload'),
    emptyOutDir: true,
    target: 'chrome140',
    minify: false,
    sourcemap: true,
    lib: { entry: here('./preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
