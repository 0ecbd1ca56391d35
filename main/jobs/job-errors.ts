import { AppError, err, type AppErrorValue, type Result } from '../../shared/domain/app-error.js';

/** The queue's answers that are the same wherever they are given. */

export const READ_ONLY_MESSAGE = 'This list of jobs is read-only: another program is sending from this data folder.';
export const READ_ONLY: Result<never> = err('validation', READ_ONLY_MESSAGE);
export const NO_SUCH_JOB: Result<never> = err('not-found', 'That job no longer exists.');
export const SHUTTING_DOWN: AppErrorValue = { kind: 'internal', message: 'The job queue is shutting down.' };

/** The code of a file-system error (ENOSPC…), or its message. */
export function ioCode(e: unknown): string {
  if (e instanceof AppError) return e.message;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.message : String(e);
}

/** Why a job stopped on disk trouble, and that nothing is lost. */
export function diskStopMessage(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
  if (e instanceof AppError && e.kind === 'internal' && e.message.startsWith('The job stopped')) return e.message;
  return `The job stopped because ${full ? 'the disk is full' : 'its files could not be read or written'} (${ioCode(e)}). Rows not yet recorded stay queued and nothing is lost; free some space, then resume the job.`;
}
