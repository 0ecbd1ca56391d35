import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobProgress, JobState } from '../../../shared/domain/job.js';
import { ProgressCoalescer } from '../../../main/core/progress-coalescer.js';

function progress(jobId: string, batch: number, state: JobState = 'sending'): JobProgress {
  return {
    jobId,
    state,
    counts: { total: 1_000, saved: batch * 5, failed: 0, invalid: 0, skipped: 0, pending: 1_000 - batch * 5 },
    batch,
    batches: 200,
    rate: 0,
    etaSeconds: null,
  };
}

describe('ProgressCoalescer: progress for the window, at most ten a second per sending job', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('a burst of 200 batches in a second becomes at most 11 events, the first at once and the last never lost', () => {
    const sent: JobProgress[] = [];
    const c = new ProgressCoalescer((p) => sent.push(p), 100);
    for (let batch = 1; batch <= 200; batch++) {
      c.push(progress('a', batch));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(sent[0]?.batch).toBe(1);
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent.at(-1)).toEqual(progress('a', 200));
    // Newest first never goes backwards: each event sent is a later snapshot than the one before.
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.batch).toBeGreaterThan(sent[i - 1]!.batch);
  });

  it('at Wasp speed (a batch a second) every event goes at once', () => {
    const sent: number[] = [];
    const c = new ProgressCoalescer((p) => sent.push(p.batch), 100);
    for (let batch = 1; batch <= 5; batch++) {
      c.push(progress('a', batch));
      expect(sent.at(-1)).toBe(batch);
      vi.advanceTimersByTime(1_000);
    }
    expect(sent).toEqual([1, 2, 3, 4, 5]);
  });

  it('a change of state goes at once and the held snapshot it supersedes is dropped', () => {
    const sent: string[] = [];
    const c = new ProgressCoalescer((p) => sent.push(`${p.state} ${p.batch}`), 100);
    c.push(progress('a', 1));
    vi.advanceTimersByTime(10);
    c.push(progress('a', 2));
    c.push(progress('a', 2, 'waiting'));
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['sending 1', 'waiting 2']);
    // Sending again after the wait is news: it goes at once.
    c.push(progress('a', 3));
    expect(sent).toEqual(['sending 1', 'waiting 2', 'sending 3']);
    c.push(progress('a', 4));
    c.push(progress('a', 4, 'done'));
    expect(sent).toEqual(['sending 1', 'waiting 2', 'sending 3', 'done 4']);
  });

  it('jobs are paced apart: one job held back never holds back another', () => {
    const sent: string[] = [];
    const c = new ProgressCoalescer((p) => sent.push(`${p.jobId} ${p.batch}`), 100);
    c.push(progress('a', 1));
    c.push(progress('a', 2));
    c.push(progress('b', 1));
    expect(sent).toEqual(['a 1', 'b 1']);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['a 1', 'b 1', 'a 2']);
  });

  it('a wall clock set back while a job sends does not hold its progress back', () => {
    const sent: number[] = [];
    const c = new ProgressCoalescer((p) => sent.push(p.batch), 100);
    c.push(progress('a', 1));
    // An hour back (a manual change, an NTP step): Date moves, the monotonic clock does not.
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(5);
    c.push(progress('a', 2));
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 2]);
  });

  it('close sends what is held and leaves no timer behind', () => {
    const sent: number[] = [];
    const c = new ProgressCoalescer((p) => sent.push(p.batch), 100);
    c.push(progress('a', 1));
    c.push(progress('a', 2));
    c.close();
    expect(sent).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
