import { LogRedactor } from './log-redaction.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured context: ids, counts, kinds, sites. Strings are redacted before they are written. */
export type LogValue = string | number | boolean | null;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface LogEntry {
  time: string;
  level: LogLevel;
  /** A constant that names what happened ("job persist failed"); the details go in fields. */
  event: string;
  fields: LogFields;
  error?: { name: string; code?: string; message: string };
}

export interface LogSink {
  write(entry: LogEntry): void;
}

/**
 * `event` must be a string literal: a message built at run time (with a row's content, say) does
 * not type-check, which keeps customer data out of the one free-text part of a line.
 */
type Literal<E extends string> = string extends E ? never : E;

export interface Logger {
  debug<E extends string>(event: Literal<E>, fields?: LogFields): void;
  info<E extends string>(event: Literal<E>, fields?: LogFields): void;
  warn<E extends string>(event: Literal<E>, fields?: LogFields, error?: unknown): void;
  error<E extends string>(event: Literal<E>, error: unknown, fields?: LogFields): void;
  /** A logger that adds these fields to every entry (a job id, a site). */
  child(fields: LogFields): Logger;
  /** From now on this secret is cut from every line, in every escaped form. */
  addSecret(secret: string): void;
}

export interface LoggerOptions {
  sinks: readonly LogSink[];
  minLevel?: LogLevel;
  redactor?: LogRedactor;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions): Logger {
  const redactor = options.redactor ?? new LogRedactor();
  const min = LOG_LEVELS.indexOf(options.minLevel ?? 'info');
  const now = options.now ?? (() => new Date());

  const emit = (level: LogLevel, event: string, base: LogFields, fields: LogFields | undefined, error: unknown) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    const entry: LogEntry = {
      time: now().toISOString(),
      level,
      event: redactor.redact(event),
      fields: redactFields(redactor, { ...base, ...fields }),
      ...(error === undefined ? {} : { error: describeError(redactor, error) }),
    };
    for (const sink of options.sinks) {
      try {
        sink.write(entry);
      } catch {
        // Logging must never take the app down; a sink that fails is skipped for this entry.
      }
    }
  };

  const make = (base: LogFields): Logger => ({
    debug: (event, fields) => emit('debug', event, base, fields, undefined),
    info: (event, fields) => emit('info', event, base, fields, undefined),
    warn: (event, fields, error) => emit('warn', event, base, fields, error),
    error: (event, error, fields) => emit('error', event, base, fields, error),
    child: (fields) => make({ ...base, ...fields }),
    addSecret: (secret) => redactor.addSecret(secret),
  });
  return make({});
}

function redactFields(redactor: LogRedactor, fields: LogFields): LogFields {
  const out: Record<string, LogValue> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? redactor.redact(v) : v;
  return out;
}

/** An error becomes its name, code and message only: never a request, its headers or its body. */
function describeError(redactor: LogRedactor, e: unknown): NonNullable<LogEntry['error']> {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return { name: e.name, ...(typeof code === 'string' ? { code } : {}), message: redactor.redact(e.message) };
  }
  return { name: 'NonError', message: typeof e === 'string' ? redactor.redact(e) : typeof e };
}

/** For tests and for code paths that have nowhere to log. */
export const SILENT_LOGGER: Logger = createLogger({ sinks: [] });

/** One human-readable line (stderr in development, the CLI's --verbose). */
export function formatLogLine(entry: LogEntry): string {
  const fields = Object.entries(entry.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  const err = entry.error
    ? ` — ${entry.error.name}${entry.error.code ? ` ${entry.error.code}` : ''}: ${entry.error.message}`
    : '';
  return `${entry.time} ${entry.level.toUpperCase()} ${entry.event}${fields ? ` ${fields}` : ''}${err}`;
}
