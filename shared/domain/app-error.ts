import { z } from 'zod';

/**
 * Errors travel as values. The kind tells the UI which explanation and which action to offer:
 * validation → fix the input; auth → reconnect (token invalid/expired); forbidden → the token's user
 * lacks a permission; network → offline, will retry; server → Wasp failed; keychain → the OS keychain
 * is unavailable; internal → a bug, please report.
 */
export const ERROR_KINDS = [
  'validation',
  'auth',
  'forbidden',
  'network',
  'server',
  'keychain',
  'not-found',
  'internal',
] as const;
export const ErrorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const AppErrorSchema = z.object({
  kind: ErrorKindSchema,
  message: z.string(),
  /** Optional pointer to what was wrong: a payload path, a field, a file. */
  detail: z.string().optional(),
});
export type AppErrorValue = z.infer<typeof AppErrorSchema>;

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly detail: string | undefined;
  constructor(kind: ErrorKind, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.detail = detail;
  }
  toValue(): AppErrorValue {
    return this.detail === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, detail: this.detail };
  }
  static fromValue(v: AppErrorValue): AppError {
    return new AppError(v.kind, v.message, v.detail);
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (kind: ErrorKind, message: string, detail?: string): Result<never> => ({
  ok: false,
  error: detail === undefined ? { kind, message } : { kind, message, detail },
});

/** The message of whatever was thrown, for logs and wrapped errors (never shown without context). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
