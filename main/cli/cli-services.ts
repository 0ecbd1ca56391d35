import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCore, SANDBOX_PORT, type Core } from '../core/create-core.js';
import { createLogger } from '../logging/logger.js';
import { rotatingFileSink } from '../logging/rotating-file-sink.js';
import { defaultDataDir } from '../app-paths.js';
import {
  EnvOverrideCredentialStore,
  KeytarCredentialStore,
  MemoryCredentialStore,
  type CredentialStore,
} from '../credentials/credential-store.js';
import { acquireDataFolderLock, holderName, type DataFolderLock, type LockHolder } from '../jobs/lock.js';
import { AppError } from '../../shared/domain/app-error.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { CliArgs } from './cli-args.js';
import { proxyFetchFromEnv } from './proxy-fetch.js';

export interface CliServicesOptions {
  /** List only: no lock, no sending (jobs, --dry-run). */
  readOnly?: boolean;
  /** Another process holds the folder: queue jobs for it, send nothing (see queue-follow.ts). */
  guest?: boolean;
  /** The sender lock, already taken. */
  lock?: DataFolderLock;
}

export interface CliServices {
  services: Core;
  /** WASP_TOKEN, to be bound to one site by the command; null without the variable (or --sandbox). */
  envToken: EnvOverrideCredentialStore | null;
}

export const cliDataDir = (args: CliArgs, env: NodeJS.ProcessEnv): string => args.dataDir ?? defaultDataDir(env);

/**
 * The CLI builds the very core the app runs (same composition root, no IPC adapter), with the
 * keychain store (plus WASP_TOKEN) and, for --sandbox, the built-in simulator. It logs to
 * logs/cli.log in the data folder, beside the app's main.log, for support.
 */
export async function openCliServices(
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  options: CliServicesOptions = {},
): Promise<CliServices> {
  const dataDir = cliDataDir(args, env);
  let store: CredentialStore;
  let envToken: EnvOverrideCredentialStore | null = null;
  if (args.sandbox) store = new MemoryCredentialStore();
  else if (env['WASP_TOKEN'] && !(options.readOnly && !options.guest)) {
    try {
      envToken = new EnvOverrideCredentialStore(new KeytarCredentialStore(), env['WASP_TOKEN']);
    } catch (e) {
      throw usageError(e instanceof Error ? e.message : 'WASP_TOKEN is not usable.');
    }
    store = envToken;
  } else store = new KeytarCredentialStore();
  const proxyFetch = proxyFetchFromEnv(env);
  try {
    const log = createLogger({ sinks: [rotatingFileSink({ dir: join(dataDir, 'logs'), name: 'cli.log' })] });
    if (env['WASP_TOKEN']) log.addSecret(env['WASP_TOKEN']);
    const services = await createCore({
      dataDir,
      log,
      owner: 'cli',
      autoStart: false,
      credentials: store,
      sandbox: args.sandbox ? { port: SANDBOX_PORT } : false,
      ...(options.readOnly || options.guest ? { readOnly: true } : {}),
      ...(options.guest ? { guest: true } : {}),
      ...(options.lock ? { lock: options.lock } : {}),
      ...(args.batchSize !== undefined || args.maxParallel !== undefined
        ? {
            send: {
              ...(args.batchSize !== undefined ? { batchSize: args.batchSize } : {}),
              ...(args.maxParallel !== undefined ? { concurrency: args.maxParallel } : {}),
            },
          }
        : {}),
      ...(proxyFetch ? { fetch: proxyFetch } : {}),
    });
    return { services, envToken };
  } catch (e) {
    await options.lock?.release();
    if (e instanceof AppError) throw new CliError(EXIT.usage, e.message);
    throw e;
  }
}

export type SenderServices = (CliServices & { guest: false }) | (CliServices & { guest: true; holder: LockHolder });

/**
 * Services for a command that sends: the folder's sender lock when it is free; otherwise guest
 * services (the job is queued for the running sender, and the command waits; see queue-follow.ts).
 * A second CLI run or the open app is never a reason to fail.
 */
export async function openSenderServices(args: CliArgs, env: NodeJS.ProcessEnv): Promise<SenderServices> {
  const dataDir = cliDataDir(args, env);
  let lock;
  try {
    await mkdir(dataDir, { recursive: true });
    lock = await acquireDataFolderLock(dataDir, 'cli');
  } catch (e) {
    throw usageError(
      `The data folder ${dataDir} cannot be used: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
  if (lock.ok) return { ...(await openCliServices(args, env, { lock: lock.lock })), guest: false };
  return { ...(await openCliServices(args, env, { guest: true })), guest: true, holder: lock.holder };
}

/** Who holds the folder, in words: "the Wasp Phone Importer app (process 123)". */
export function describeHolder(holder: LockHolder): string {
  return `${holderName(holder)} (process ${holder.pid})`;
}
