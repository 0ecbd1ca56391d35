import type { CliArgs } from './cli-args.js';
import { usageError, type ExitCode } from './exit-codes.js';

export async function importCommand(_args: CliArgs, _env: NodeJS.ProcessEnv, _signal: AbortSignal): Promise<ExitCode> {
  throw usageError('import is not available yet.');
}
