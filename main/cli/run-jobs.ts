import type { JobCounts, JobProgress, JobSummary } from '../../shared/domain/job.js';
import type { JobService } from '../jobs/job-service.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { AUTH_MESSAGE, FORBIDDEN_MESSAGE } from '../wasp-api/call-outcome.js';
import type { ProgressOutput } from './progress-output.js';

export interface RunOutcome {
  code: ExitCode;
  /** One line for stderr when the run did not finish (token, network, interruption). */
  message?: string;
  summaries: JobSummary[];
}

/**
 * Sends the given jobs and waits until each has finished, or stopped for a reason the CLI cannot
 * wait out: a rejected token (3), an unreachable server (4), Ctrl+C (130). In every such case the
 * job stays queued on disk; `wasp-phones resume` or the app continues it.
 */
export async function runJobs(
  jobs: JobService,
  ids: readonly string[],
  out: ProgressOutput,
  signal: AbortSignal,
): Promise<RunOutcome> {
  // Held in an object: it is set from event callbacks, which control-flow narrowing cannot see.
  const halt: { stop: { code: ExitCode; message: string } | null } = { stop: null };
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const watching = new Set(ids);
  const off = jobs.onProgress((p: JobProgress) => {
    if (!watching.has(p.jobId)) return;
    out.update(p);
    if (p.state === 'offline' && halt.stop === null) {
      halt.stop = {
        code: EXIT.unreachable,
        message: `${p.message ?? 'Wasp could not be reached.'} The job is kept: run 'wasp-phones resume' when the network is back.`,
      };
      wake();
    } else if (p.state === 'unreachable' && halt.stop === null) {
      // The address is wrong (a name that does not exist, a failing certificate, not Wasp): say so, not "offline".
      halt.stop = {
        code: EXIT.unreachable,
        message: `${p.message ?? 'The site cannot be reached at this address.'} The job is kept: fix the address, then run 'wasp-phones resume'.`,
      };
      wake();
    } else if ((p.state === 'auth' || p.state === 'forbidden') && halt.stop === null) {
      halt.stop = {
        code: EXIT.auth,
        message: `${p.message ?? (p.state === 'auth' ? AUTH_MESSAGE : FORBIDDEN_MESSAGE)} Store a working token with 'wasp-phones login --site URL' (or set WASP_TOKEN), then run 'wasp-phones resume'.`,
      };
      wake();
    }
  });
  const onAbort = () => {
    if (halt.stop === null)
      halt.stop = {
        code: EXIT.interrupted,
        message: "Interrupted. The job is kept: run 'wasp-phones resume' to continue.",
      };
    wake();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (const id of ids) {
      const started = await jobs.start(id);
      // 'internal' here is the disk refusing the job's state line, or the queue closing: both resumable (4).
      if (!started.ok)
        return {
          code: started.error.kind === 'internal' ? EXIT.unreachable : EXIT.usage,
          message: started.error.message,
          summaries: [],
        };
    }
    await Promise.race([Promise.all(ids.map((id) => jobs.whenSettled(id))), woken]);
  } finally {
    off();
    signal.removeEventListener('abort', onAbort);
    out.end();
  }
  const summaries = jobs.listJobs().filter((j) => watching.has(j.id));
  const halted = halt.stop;
  if (halted !== null) return { code: halted.code, message: halted.message, summaries };
  // Settled without a live stop signal: read the persisted state (a job may have been stopped by a fatal answer).
  const notDone = summaries.find((j) => j.state !== 'done');
  if (notDone) {
    const code = notDone.state === 'auth' || notDone.state === 'forbidden' ? EXIT.auth : EXIT.unreachable;
    return {
      code,
      message: `${notDone.stateMessage ?? `The job stopped (${notDone.state}).`} The job is kept: run 'wasp-phones resume'.`,
      summaries,
    };
  }
  return { code: exitCodeFor(sumCounts(summaries)), summaries };
}

export function sumCounts(summaries: readonly Pick<JobSummary, 'counts'>[]): JobCounts {
  const c: JobCounts = { total: 0, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 };
  for (const s of summaries) for (const k of Object.keys(c) as Array<keyof JobCounts>) c[k] += s.counts[k];
  return c;
}

export function exitCodeFor(c: JobCounts): ExitCode {
  if (c.pending > 0) return EXIT.unreachable;
  return c.failed + c.invalid + c.skipped > 0 ? EXIT.finishedWithProblems : EXIT.allSaved;
}
