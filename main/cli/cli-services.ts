import { join } from 'node:path';
import { createCore, SANDBOX_PORT, type Core } from '../core/create-core.js';
import { createLogger } from '../logging/logger.js';
import { rotatingFileSink } from '../logging/rotating-file-sink.js';
import { defaultDataDir } from '../app-paths.js';
import { EnvOverrideCredentialStore, KeytarCredentialStore, MemoryCredentialStore, type CredentialStore } from '../credentials/credential-store.js';
import { AppError } from '../../shared/domain/app-error.js';
import { parseSiteArg } from './send-target.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { CliArgs } from './cli-args.js';

/**
 * The CLI builds the very core the app runs (same composition root, no IPC adapter), with the
 * keychain store (or WASP_TOKEN) and, for --sandbox, the built-in simulator. It logs to
 * logs/cli.log in the data folder, beside the app's main.log, for support.
 */
export async function openCliServices(args: CliArgs, env: NodeJS.ProcessEnv, options: { readOnly?: boolean } = {}): Promise<Core> {
  const dataDir = args.dataDir ?? defaultDataDir(env);
  let store: CredentialStore;
  if (args.sandbox) store = new MemoryCredentialStore();
  else if (env['WASP_TOKEN'] && !options.readOnly) {
    // The token in WASP_TOKEN belongs to one tenant: it is only ever sent to the site named with
    // --site, never to whatever sites other queued jobs in this data folder happen to target.
    if (args.site === undefined) throw usageError("WASP_TOKEN is only sent to the site named with --site: add --site URL (the address of your Wasp site).");
    const site = parseSiteArg(args.site);
    try {
      store = new EnvOverrideCredentialStore(new KeytarCredentialStore(), env['WASP_TOKEN'], site);
    } catch (e) {
      throw usageError(e instanceof Error ? e.message : 'WASP_TOKEN is not usable.');
    }
  } else store = new KeytarCredentialStore();
  try {
    const log = createLogger({ sinks: [rotatingFileSink({ dir: join(dataDir, 'logs'), name: 'cli.log' })] });
    if (env['WASP_TOKEN']) log.addSecret(env['WASP_TOKEN']);
    return await createCore({
      dataDir,
      log,
      owner: 'cli',
      autoStart: false,
      credentials: store,
      sandbox: args.sandbox ? { port: SANDBOX_PORT } : false,
      ...(options.readOnly ? { readOnly: true } : {}),
      ...(args.batchSize !== undefined ? { send: { batchSize: args.batchSize } } : {}),
    });
  } catch (e) {
    if (e instanceof AppError) throw new CliError(EXIT.usage, e.message);
    throw e;
  }
}
