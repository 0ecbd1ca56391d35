// ESLint: typescript-eslint's type-checked recommended rules for every process, eslint-plugin-svelte
// for the renderer's components. Runs in `npm test` (npm run lint); a finding fails the run.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // Each folder's own tsconfig (main/shared/test at the root, renderer/, preload/, shared/) types its files.
        // renderer/vite.config.ts is in none of them (renderer/tsconfig.json covers src/ only): it is typed
        // by the default project. Only files outside every tsconfig may be listed here.
        projectService: { allowDefaultProject: ['renderer/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // Plain JavaScript helpers (fixture makers, loader hooks, this file) are outside every tsconfig.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    rules: {
      // An async method that does not await still turns a throw into a rejection, which is what the
      // interfaces it implements (credential stores, dialogs, handlers) promise their callers.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
