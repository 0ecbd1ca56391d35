import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a module next to the caller. Built (the app, the CLI, benchmarks)
 * the compiled .js is there; when the TypeScript sources run directly (unit and E2E tests) the
 * worker loads the .ts through the same small transpile-on-load hooks the tests' child processes use.
 */
export function startModuleWorker(jsUrl: URL): Worker {
  if (existsSync(fileURLToPath(jsUrl))) return new Worker(jsUrl);
  const tsUrl = new URL(jsUrl.href.replace(/\.js$/, '.ts'));
  const hooks = new URL('../../test/keychain/register-ts.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(tsUrl)) || !existsSync(fileURLToPath(hooks)))
    throw new Error(`worker module ${fileURLToPath(jsUrl)} is missing`);
  return new Worker(tsUrl, { execArgv: ['--import', hooks.href] });
}
