import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger, formatLogLine, type LogEntry, type Logger } from '../../main/logging/logger.js';
import { LOG_FILE_NAME, rotatingFileSink, streamSink } from '../../main/logging/rotating-file-sink.js';

/**
 * The app's logger as main/electron/main.ts builds it: JSON lines in <data>/logs/main.log, rotated.
 * Errors also go to the test's stderr, so a failing spec shows what main logged beside it.
 */
export function harnessLogger(dataDir: string): Logger {
  const errors = streamSink(process.stderr, formatLogLine);
  return createLogger({
    sinks: [
      rotatingFileSink({ dir: logsDir(dataDir) }),
      { write: (entry) => (entry.level === 'error' ? errors.write(entry) : undefined) },
    ],
  });
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

/** The entries of <data>/logs/main.log (the current file: E2E runs stay far below its size cap). */
export async function readLogEntries(dataDir: string): Promise<LogEntry[]> {
  const text = await readFile(join(logsDir(dataDir), LOG_FILE_NAME), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogEntry);
}

/** Copies a run's logs out of its data folder before the folder is removed (nothing to copy is fine). */
export async function keepLogs(dataDir: string, to: string | undefined): Promise<void> {
  if (to === undefined) return;
  await cp(logsDir(dataDir), to, { recursive: true, force: true }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  });
}
