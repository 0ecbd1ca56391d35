import { AppError } from '../../shared/domain/app-error.js';

/** Runs `run` and returns the AppError it threw; fails the test if it threw nothing or something else. */
export async function caught(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
