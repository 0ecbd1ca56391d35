/** The CLI's exit codes: a public contract that scheduled tasks script against. Never renumber. */
export const EXIT = {
  /** Every row saved. */
  allSaved: 0,
  /** Finished, with some rows invalid, skipped or failed. */
  finishedWithProblems: 1,
  /** Usage error or unreadable input; nothing was queued. */
  usage: 2,
  /** Token missing, rejected or lacking permission; the job is kept and resumable. */
  auth: 3,
  /** Server unreachable or retries exhausted; the job is kept and resumable. */
  unreachable: 4,
  /** Interrupted (Ctrl+C / SIGINT); the job is kept and resumable. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the run with a given code and one readable line on stderr. */
export class CliError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT.usage, message);
