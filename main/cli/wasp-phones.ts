import { appVersion } from '../app-version.js';
import { AppError } from '../../shared/domain/app-error.js';
import { HELP, parseCliArgs, type CliArgs } from './cli-args.js';
import { CliError, EXIT, usageError, type ExitCode } from './exit-codes.js';
import { openCliServices } from './cli-services.js';
import { resumeCommand } from './resume-command.js';
import { readSecret } from './read-secret.js';
import { importCommand } from './import-command.js';
import { KeytarCredentialStore } from '../credentials/credential-store.js';
import { ConnectionsService } from '../credentials/connections-service.js';
import { SiteRegistry } from '../credentials/site-registry.js';
import { defaultDataDir } from '../app-paths.js';
import { formatJobsTable } from './jobs-table.js';
import { formatDamagedNotes } from './damaged-notes.js';

/**
 * `wasp-phones`: argument handling and output only. Parsing, mapping, validation, jobs and sending
 * are the app's own core (createCore), so the CLI and the app cannot drift apart.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  let args: CliArgs | undefined;
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    args = parseCliArgs(argv);
    if (args.version) {
      process.stdout.write(`${appVersion()}\n`);
      return EXIT.allSaved;
    }
    if (args.help || args.command === 'help') {
      process.stdout.write(HELP);
      return EXIT.allSaved;
    }
    switch (args.command) {
      case 'import':
        return await importCommand(args, env, interrupt.signal);
      case 'jobs':
        return await jobsCommand(args, env);
      case 'resume':
        return await resumeCommand(args, env, interrupt.signal);
      case 'login':
        return await loginCommand(args, env);
      case 'logout':
        return await logoutCommand(args, env);
    }
  } catch (e) {
    return report(e, args?.debug === true);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function report(e: unknown, debug: boolean): ExitCode {
  if (e instanceof CliError) {
    process.stderr.write(`wasp-phones: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack ?? ''}\n`);
    return e.code;
  }
  if (e instanceof AppError) {
    process.stderr.write(`wasp-phones: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack ?? ''}\n`);
    return e.kind === 'auth' || e.kind === 'forbidden' || e.kind === 'keychain'
      ? EXIT.auth
      : e.kind === 'network'
        ? EXIT.unreachable
        : EXIT.usage;
  }
  process.stderr.write(
    `wasp-phones: unexpected error: ${e instanceof Error ? e.message : String(e)}${debug ? '' : ' (run with --debug for details)'}\n`,
  );
  if (debug && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  return EXIT.usage;
}

async function jobsCommand(args: CliArgs, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  // Read-only: listing works while the app (or another CLI run) is sending from the same folder.
  const { services } = await openCliServices(args, env, { readOnly: true });
  try {
    const list = services.jobs.listJobs();
    process.stdout.write(args.json ? `${JSON.stringify(list)}\n` : formatJobsTable(list) + formatDamagedNotes(list));
    return EXIT.allSaved;
  } finally {
    await services.close();
  }
}

function siteArg(args: CliArgs, verb: string): string {
  if (!args.site) throw usageError(`${verb} needs --site URL, the address of your Wasp site.`);
  return args.site;
}

function connectionsFor(args: CliArgs, env: NodeJS.ProcessEnv): ConnectionsService {
  return new ConnectionsService({
    registry: new SiteRegistry(args.dataDir ?? defaultDataDir(env)),
    store: new KeytarCredentialStore(),
  });
}

async function loginCommand(args: CliArgs, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const site = siteArg(args, 'login');
  const token = await readSecret(`API token for ${site} (input hidden): `);
  // Same keychain entry and site list the app uses.
  const view = await connectionsFor(args, env).saveToken(site, token);
  process.stderr.write(`Token stored in the keychain for ${view.site}.\n`);
  return EXIT.allSaved;
}

async function logoutCommand(args: CliArgs, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const site = siteArg(args, 'logout');
  const removed = await connectionsFor(args, env).removeToken(site);
  process.stderr.write(removed ? `Token removed for ${site}.\n` : `No token was stored for ${site}.\n`);
  return EXIT.allSaved;
}
