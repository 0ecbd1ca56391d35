import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEntry, LogSink } from './logger.js';

export interface RotatingFileOptions {
  dir: string;
  /** Base name: main.log, then main.log.1 … main.log.<keep>. */
  name?: string;
  maxBytes?: number;
  keep?: number;
}

export const LOG_FILE_NAME = 'main.log';

/**
 * JSON lines in <data>/logs/, rotated by size so a long-running office install never fills the
 * disk: at most (keep + 1) × maxBytes. Synchronous appends: a line written just before a crash is
 * the one support needs.
 */
export function rotatingFileSink(options: RotatingFileOptions): LogSink {
  const name = options.name ?? LOG_FILE_NAME;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 4);
  const file = join(options.dir, name);
  mkdirSync(options.dir, { recursive: true });
  let size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;

  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (statSync(`${file}.${i}`, { throwIfNoEntry: false })) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    renameSync(file, `${file}.1`);
    size = 0;
  };

  return {
    write(entry: LogEntry) {
      const line = `${JSON.stringify(entry)}\n`;
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(file, line);
      size += bytes;
    },
  };
}

/** Human-readable lines on a stream (development runs, CLI --verbose). */
export function streamSink(stream: { write(text: string): unknown }, format: (e: LogEntry) => string): LogSink {
  return { write: (entry) => void stream.write(`${format(entry)}\n`) };
}
