import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const MAX_BYTES = 2 * 1024 * 1024;

/**
 * A plain-text log in the data folder (logs/main.log, one previous file kept). What goes in is
 * messages written by our own code, which never include a token; errors are reduced to their name,
 * code and message (no request objects, no headers).
 */
export function createFileLog(dataDir: string, echo = false): Log {
  const dir = join(dataDir, 'logs');
  const file = join(dir, 'main.log');
  mkdirSync(dir, { recursive: true });
  const write = (level: string, message: string) => {
    // Our messages never hold a token; a bearer header pasted into one by a library still gets cut.
    const line = `${new Date().toISOString()} ${level} ${message.replace(/\s+/g, ' ').replace(/Bearer [^\s"',]+/gi, 'Bearer [token]')}\n`;
    if (echo) process.stderr.write(line);
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, line);
    } catch {
      // Logging must never take the app down.
    }
  };
  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m, e) => write('ERROR', e === undefined ? m : `${m}: ${describe(e)}`),
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${e.name}${code ? ` ${code}` : ''}: ${e.message}`;
  }
  return typeof e === 'string' ? e : 'non-error value thrown';
}
