import type { JobProgress, JobState } from './job.js';

/**
 * The one place a job's state is put into words, for the Send screen, the Jobs list and the CLI's
 * progress lines alike ("Sending batch 3 of 12", "Wasp asked us to wait 8 s", …).
 */
export function describeProgress(
  p: Pick<JobProgress, 'state' | 'batch' | 'batches' | 'waitSeconds' | 'message'>,
): string {
  switch (p.state) {
    case 'queued':
      return 'Queued: will start shortly';
    case 'sending':
      // `batch` counts the batches already answered; the one on its way is the next.
      return p.batches > 0
        ? `Sending batch ${Math.max(1, Math.min(p.batch + 1, p.batches))} of ${p.batches}`
        : 'Sending';
    case 'waiting':
      return p.waitSeconds !== undefined
        ? `Wasp asked us to wait ${Math.ceil(p.waitSeconds)} s`
        : 'Wasp is busy: waiting before the next batch';
    case 'offline':
      return 'Offline: will continue when the network is back';
    case 'paused':
      return 'Paused';
    case 'auth':
      return 'Token rejected: reconnect to continue';
    case 'forbidden':
      return p.message
        ? `Permission missing: ${p.message}`
        : 'Permission missing: the token’s user needs “Update Customer”';
    case 'unreachable':
      return p.message ?? 'This address does not lead to Wasp: check the site on Connect';
    case 'stopped':
      return 'Stopped: unsent rows stay queued';
    case 'done':
      return 'Finished';
    case 'damaged':
      return 'Damaged: its files cannot be read';
  }
}

export const STATE_LABEL: Record<JobState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  waiting: 'Waiting',
  offline: 'Offline',
  paused: 'Paused',
  auth: 'Needs token',
  forbidden: 'Needs permission',
  unreachable: 'Check the address',
  stopped: 'Stopped',
  done: 'Finished',
  damaged: 'Damaged',
};

/** States in which the job will make progress without the user doing anything. */
export const ACTIVE_STATES: readonly JobState[] = ['queued', 'sending', 'waiting', 'offline'];
