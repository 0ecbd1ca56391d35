import { defineConfig } from '@playwright/test';

// One worker: the machine has two cores, and each test already runs Chromium plus main's services.
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
});
