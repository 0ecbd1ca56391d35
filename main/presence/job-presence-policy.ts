import type { JobSummary } from '../../shared/domain/job.js';
import { ACTIVE_STATES } from '../../shared/domain/job-state-words.js';

/** What the taskbar (Windows) or dock (macOS) progress shows: -1 hides it. */
export interface TaskbarProgress {
  fraction: number;
  mode: 'normal' | 'paused';
}

/** Overall progress of every job that is still working, waiting states shown as paused (amber). */
export function taskbarProgress(jobs: readonly JobSummary[]): TaskbarProgress {
  const active = jobs.filter((j) => ACTIVE_STATES.includes(j.state));
  const total = active.reduce((n, j) => n + j.counts.saved + j.counts.failed + j.counts.pending, 0);
  if (active.length === 0 || total === 0) return { fraction: -1, mode: 'normal' };
  const done = active.reduce((n, j) => n + j.counts.saved + j.counts.failed, 0);
  return {
    fraction: done / total,
    mode: active.some((j) => j.state === 'offline' || j.state === 'waiting') ? 'paused' : 'normal',
  };
}

/** Long jobs that end while the user looks elsewhere get a system notification; short ones do not. */
export const NOTIFY_AFTER_MS = 10_000;
export function shouldNotifyFinished(startedAt: number, now: number, windowFocused: boolean): boolean {
  return !windowFocused && now - startedAt > NOTIFY_AFTER_MS;
}

/** The jobs that closing the window would interrupt: still working, with rows left to send. */
export function jobsInterruptedByClose(jobs: readonly JobSummary[]): JobSummary[] {
  return jobs.filter((j) => ACTIVE_STATES.includes(j.state) && j.counts.pending > 0);
}
