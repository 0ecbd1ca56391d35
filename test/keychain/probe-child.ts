import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProbeOutput } from './probe-store.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REGISTER = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./probe-store.ts', import.meta.url));

/** The shell command that runs one probe call; for use inside `bash -c` scripts. */
export function probeCommand(op: 'get' | 'set' | 'delete', site: string): string {
  return [process.execPath, '--import', REGISTER, PROBE, op, site].map(shellQuote).join(' ');
}

/**
 * Runs a bash script (which calls probeCommand one or more times) in a fresh process tree with the
 * given environment, and returns each probe's output plus the raw text for failure messages.
 * No display variables are passed, as on a CI machine, so nothing tries to pop up a prompt.
 */
export function runScript(
  script: string,
  env: Record<string, string | undefined>,
): { outputs: ProbeOutput[]; status: number | null; text: string } {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'XDG_RUNTIME_DIR']) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const result = spawnSync('bash', ['-c', script], {
    cwd: REPO_ROOT,
    env: merged,
    input: '',
    encoding: 'utf8',
    timeout: 90_000,
  });
  const outputs = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ProbeOutput);
  return {
    outputs,
    status: result.status,
    text: `status ${String(result.status)}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
  };
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
