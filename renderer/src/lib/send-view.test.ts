import { describe, expect, it } from 'vitest';
import { SendView, CANCEL_QUESTION, type SendBridge } from './send-view.svelte.js';
import { Jobs } from './jobs.svelte.js';
import { Countdown } from './countdown.svelte.js';
import type { JobProgress, JobState, JobSummary } from '../../../shared/domain/job.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import type { Result } from '../../../shared/domain/app-error.js';
import type { StepId } from './steps.js';

function summary(state: JobState, extra: Partial<JobSummary> = {}): JobSummary {
  return {
    id: 'job-1',
    name: 'Branch',
    site: 'https://acme.example',
    createdAt: '',
    updatedAt: '',
    state,
    counts: { total: 10, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 10 },
    batchesTotal: 4,
    batchesDone: 0,
    ...extra,
  };
}
function progress(state: JobState, extra: Partial<JobProgress> = {}): JobProgress {
  return {
    jobId: 'job-1',
    state,
    counts: { total: 12, saved: 6, failed: 2, invalid: 1, skipped: 1, pending: 2 },
    batch: 2,
    batches: 4,
    rate: 12.4,
    etaSeconds: 30,
    ...extra,
  };
}

function setup(job: JobSummary | null, options: { agree?: boolean; answer?: Result<JobSummary> } = {}) {
  const jobs = new Jobs({} as Pick<WaspBridge, 'listJobs' | 'onJobProgress' | 'onJobsChanged'>);
  if (job) {
    jobs.list = [job];
    jobs.currentId = job.id;
  }
  const calls: string[] = [];
  const said: Array<[string, string]> = [];
  const asked: string[] = [];
  const went: StepId[] = [];
  const fixed: Array<string | undefined> = [];
  const answer = (kind: string) => (r: { jobId: string }) => {
    calls.push(`${kind} ${r.jobId}`);
    return Promise.resolve(
      options.answer ?? { ok: true as const, value: summary(kind === 'pause' ? 'paused' : 'queued') },
    );
  };
  const bridge = {
    pauseJob: answer('pause'),
    resumeJob: answer('resume'),
    cancelJob: answer('cancel'),
  } as unknown as SendBridge;
  let now = 1_000_000;
  const view = new SendView({
    jobs,
    bridge,
    announcer: {
      polite: (t) => said.push(['polite', t]),
      assertive: (t) => said.push(['assertive', t]),
      progress: (t, o) => said.push([o?.stateChanged ? 'progress!' : 'progress', t]),
      dispose: () => said.push(['dispose', '']),
    },
    confirm: (q) => {
      asked.push(q);
      return options.agree ?? true;
    },
    go: (step) => went.push(step),
    fixSite: (_job, message) => fixed.push(message),
    countdown: new Countdown(
      () => now,
      () => () => undefined,
    ),
  });
  return { jobs, view, calls, said, asked, went, fixed, tick: (ms: number) => (now += ms) };
}

const labels = (view: SendView) => view.buttons.map((b) => `${b.label}${b.focusSlot ? '*' : ''}`);

describe('SendView: the Send screen’s state', () => {
  it('with no job shows nothing to send and does nothing when pressed', async () => {
    const { view, calls } = setup(null);
    expect(view.job).toBeUndefined();
    expect(view.heading).toBe('Send');
    expect(view.buttons).toEqual([]);
    await view.act('pause');
    expect(calls).toEqual([]);
  });

  it('reads counts, batches and words from the latest progress event over the job summary', () => {
    const { jobs, view } = setup(summary('sending'));
    expect(view.words).toBe('Sending batch 1 of 4');
    expect(view.percent).toBe(0);
    jobs.progress['job-1'] = progress('sending');
    // 6 saved + 2 failed of 10 sendable (invalid and skipped are never sent).
    expect(view.finished).toBe(8);
    expect(view.sendable).toBe(10);
    expect(view.percent).toBe(80);
    expect(view.notSent).toBe(2);
    expect(view.words).toBe('Sending batch 3 of 4');
    expect(view.heading).toBe('Sending “Branch”');
    expect(view.tone).toBe('info');
    expect(view.rateText).toBe('12 rows/s');
    expect(view.timeLeftText).not.toBe('—');
    expect(view.segments.map((s) => (s.done ? 'x' : s.current ? '>' : '.')).join('')).toBe('xx>.');
    expect(view.batchesShown).toBe(2);
  });

  it('draws a thin bar instead of squares past 80 batches, never showing more batches done than there are', () => {
    const { jobs, view } = setup(summary('sending'));
    jobs.progress['job-1'] = progress('paused', { batch: 205, batches: 200 });
    expect(view.segments).toEqual([]);
    expect(view.batchesShown).toBe(200);
    expect(view.batchPercent).toBe(100);
    // Paused: nothing is on its way, so there is no time left or current batch.
    expect(view.timeLeftText).toBe('—');
  });

  it('shows the wait each event asks for, counted from when it arrived, and no countdown otherwise', () => {
    const { jobs, view, tick } = setup(summary('sending'));
    jobs.progress['job-1'] = progress('waiting', { waitSeconds: 30 });
    expect(view.words).toBe('Wasp asked us to wait 30 s');
    expect(view.tone).toBe('warn');
    // (The once-a-second tick is a subscription Svelte's server build does not run; see countdown.test.ts.)
    tick(10_500);
    jobs.progress['job-1'] = progress('waiting', { waitSeconds: 12.2 });
    expect(view.words).toBe('Wasp asked us to wait 13 s');
    expect(view.waitLeft).toBe(12.2);
    jobs.progress['job-1'] = progress('offline', { waitSeconds: 5 });
    expect(view.waitLeft).toBe(5);
    jobs.progress['job-1'] = progress('sending', { waitSeconds: 5 });
    expect(view.waitLeft).toBeUndefined();
  });

  it('offers the buttons of each state, with focus slots where a control takes another’s place', () => {
    const { jobs, view } = setup(summary('sending'));
    expect(labels(view)).toEqual(['Pause*', 'Cancel*']);
    expect(view.canMove).toBe(false);
    jobs.progress['job-1'] = progress('paused');
    expect(labels(view)).toEqual(['Resume*', 'Cancel']);
    expect(view.heading).toBe('Paused “Branch”');
    expect(view.canMove).toBe(true);
    jobs.progress['job-1'] = progress('stopped');
    expect(labels(view)).toEqual(['Resume*']);
    jobs.progress['job-1'] = progress('auth');
    expect(labels(view)).toEqual(['Open Connect*']);
    expect(view.tone).toBe('bad');
    jobs.progress['job-1'] = progress('unreachable', { message: 'No such host' });
    expect(labels(view)).toEqual(['Fix the address on Connect', 'Try again']);
    jobs.progress['job-1'] = progress('done', {
      counts: { total: 10, saved: 9, failed: 1, invalid: 0, skipped: 0, pending: 0 },
    });
    expect(labels(view)).toEqual(['See results*', 'Import another sheet']);
    expect(view.heading).toBe('Sent “Branch”');
    expect(view.summary?.sentence).toMatch(/\S/);
    expect(view.canMove).toBe(false);
    // Each button is a new element when its state's branch changes (focus handling relies on it).
    expect(new Set(view.buttons.map((b) => b.key)).size).toBe(view.buttons.length);
  });

  it('runs each button: job actions through main, the others where they lead', async () => {
    const { jobs, view, calls, went, fixed } = setup(summary('unreachable'));
    jobs.progress['job-1'] = progress('unreachable', { message: 'No such host' });
    for (const b of view.buttons) await view.press(b.press);
    expect(fixed).toEqual(['No such host']);
    expect(calls).toEqual(['resume job-1']);
    jobs.progress['job-1'] = progress('auth');
    await view.press(view.buttons[0]!.press);
    expect(went).toEqual(['connect']);
  });

  it('pausing puts main’s answer into the list; cancelling asks first and does nothing without a yes', async () => {
    const yes = setup(summary('sending'));
    await yes.view.act('pause');
    expect(yes.calls).toEqual(['pause job-1']);
    expect(yes.jobs.current?.state).toBe('paused');

    const no = setup(summary('sending'), { agree: false });
    await no.view.act('cancel');
    expect(no.asked).toEqual([CANCEL_QUESTION]);
    expect(no.calls).toEqual([]);
  });

  it('keeps main’s refusal as the action error, and clears it on the next try', async () => {
    const refused = setup(summary('paused'), {
      answer: { ok: false, error: { kind: 'validation', message: 'The job is busy.' } },
    });
    await refused.view.act('resume');
    expect(refused.view.actionError).toBe('The job is busy.');
    expect(refused.jobs.current?.state).toBe('paused');
    refused.view.actionError = 'x';
    const pending = refused.view.act('cancel');
    expect(refused.view.actionError).toBeNull();
    await pending;
  });

  it('announces progress politely, a lost token assertively once, the end once, and stops on dispose', () => {
    const { jobs, view, said } = setup(summary('sending'));
    jobs.progress['job-1'] = progress('sending');
    view.announce();
    view.announce();
    jobs.progress['job-1'] = progress('auth');
    view.announce();
    view.announce();
    jobs.progress['job-1'] = progress('done');
    view.announce();
    view.announce();
    view.dispose();
    expect(said).toEqual([
      ['progress!', 'Sending batch 3 of 4. 8 of 10 rows done.'],
      ['progress', 'Sending batch 3 of 4. 8 of 10 rows done.'],
      ['assertive', 'Token rejected: reconnect to continue'],
      ['polite', 'Finished: 6 saved, 2 failed.'],
      ['dispose', ''],
    ]);
  });
});
