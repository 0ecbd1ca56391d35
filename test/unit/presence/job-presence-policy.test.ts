import { describe, expect, it } from 'vitest';
import {
  jobsInterruptedByClose,
  shouldNotifyFinished,
  taskbarProgress,
  NOTIFY_AFTER_MS,
} from '../../../main/presence/job-presence-policy.js';
import type { JobState, JobSummary } from '../../../shared/domain/job.js';

function job(state: JobState, saved: number, failed: number, pending: number): JobSummary {
  return {
    id: `${state}-${saved}`,
    name: 'j',
    site: 'https://a.example',
    createdAt: '',
    updatedAt: '',
    state,
    counts: { total: saved + failed + pending, saved, failed, invalid: 0, skipped: 0, pending },
    batchesTotal: 1,
    batchesDone: 0,
  };
}

describe('taskbar progress', () => {
  it('is hidden when nothing is working', () => {
    expect(taskbarProgress([])).toEqual({ fraction: -1, mode: 'normal' });
    expect(taskbarProgress([job('done', 10, 0, 0), job('paused', 0, 0, 5)])).toEqual({ fraction: -1, mode: 'normal' });
  });
  it('adds up every active job, finished jobs left out', () => {
    expect(taskbarProgress([job('sending', 30, 10, 60), job('queued', 0, 0, 100), job('done', 500, 0, 0)])).toEqual({
      fraction: 40 / 200,
      mode: 'normal',
    });
  });
  it('shows waiting or offline as paused', () => {
    expect(taskbarProgress([job('offline', 50, 0, 50)])).toEqual({ fraction: 0.5, mode: 'paused' });
    expect(taskbarProgress([job('waiting', 25, 0, 75), job('sending', 0, 0, 100)]).mode).toBe('paused');
  });
});

describe('finish notification', () => {
  it('only for long jobs while the window is not focused', () => {
    expect(shouldNotifyFinished(0, NOTIFY_AFTER_MS + 1, false)).toBe(true);
    expect(shouldNotifyFinished(0, NOTIFY_AFTER_MS + 1, true)).toBe(false);
    expect(shouldNotifyFinished(0, 2_000, false)).toBe(false);
  });
});

describe('closing the window', () => {
  it('asks only about jobs that still have rows to send', () => {
    const list = [
      job('sending', 1, 0, 9),
      job('offline', 0, 0, 4),
      job('paused', 0, 0, 4),
      job('done', 4, 0, 0),
      job('queued', 0, 0, 0),
    ];
    expect(jobsInterruptedByClose(list).map((j) => j.state)).toEqual(['sending', 'offline']);
  });
});
