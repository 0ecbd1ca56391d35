import type { JobSummary } from '../../../shared/domain/job.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { describeProgress, ACTIVE_STATES } from '../../../shared/domain/job-state-words.js';
import { finishSummary } from '../../../shared/words/finish-summary.js';
import type { Announcer } from '../a11y/announcer.js';
import { Countdown } from './countdown.svelte.js';
import { formatCount, formatDuration } from './format.js';
import type { Jobs } from './jobs.svelte.js';
import type { StepId } from './steps.js';

export type SendBridge = Pick<WaspBridge, 'pauseJob' | 'resumeJob' | 'cancelJob'>;
export type JobAction = 'pause' | 'resume' | 'cancel';

/** What a button of the Send screen does when pressed. */
export type SendPress = { kind: JobAction } | { kind: 'fix-site' } | { kind: 'go'; step: StepId };

/** One button under the progress, in the order shown. */
export interface SendButton {
  /**
   * Stays the same while the button does: a button of another state is a new element (as focus
   * handling expects: the focused Pause goes when the job pauses, and focus moves to Resume).
   */
  key: string;
  label: string;
  /** The button's look: plain, the main action, or a destructive one. */
  look: 'plain' | 'primary' | 'danger';
  /** Where focus lands when the job's state changes under the user (`data-focus-slot="job-control"`). */
  focusSlot: boolean;
  press: SendPress;
}

/** One square of the batch strip (only drawn for up to MAX_SEGMENTS batches). */
export interface Segment {
  n: number;
  done: boolean;
  current: boolean;
}
export const MAX_SEGMENTS = 80;

export const CANCEL_QUESTION = 'Stop sending? Rows not sent yet stay queued; you can resume the job later from Jobs.';

export interface SendViewDeps {
  jobs: Jobs;
  bridge: SendBridge;
  announcer: Pick<Announcer, 'polite' | 'assertive' | 'progress' | 'dispose'>;
  /** Asks the user yes or no (window.confirm in the app). */
  confirm: (question: string) => boolean;
  go: (step: StepId) => void;
  fixSite: (job: JobSummary, message: string | undefined) => void;
  countdown?: Countdown;
}

/**
 * The Send screen's state: the current job and its latest progress event, put into the words,
 * counts, batches and buttons the screen shows, and the job actions with the error they may give.
 * A wait counts down on screen (the countdown ticks only while something reads it). `announce` says
 * what a screen reader hears (run by the screen whenever what it reads changes); `dispose` drops a
 * progress line still waiting when the screen goes.
 */
export class SendView {
  actionError = $state<string | null>(null);

  // (Read in closures: the fields below are set up before the constructor has stored its arguments.)
  readonly job = $derived.by(() => this.deps.jobs.current);
  readonly progress = $derived.by(() => (this.job ? this.deps.jobs.progress[this.job.id] : undefined));
  readonly counts = $derived(this.progress?.counts ?? this.job?.counts);
  readonly jobState = $derived(this.progress?.state ?? this.job?.state);
  readonly sendable = $derived(this.counts ? this.counts.saved + this.counts.failed + this.counts.pending : 0);
  readonly finished = $derived(this.counts ? this.counts.saved + this.counts.failed : 0);
  readonly percent = $derived(this.sendable > 0 ? Math.round((this.finished / this.sendable) * 1000) / 10 : 0);
  readonly batches = $derived(this.progress?.batches ?? this.job?.batchesTotal ?? 0);
  /** Batches answered so far; the one on its way is the next. */
  readonly batchesDone = $derived(this.progress?.batch ?? this.job?.batchesDone ?? 0);
  readonly batchesShown = $derived(Math.min(this.batchesDone, this.batches));
  readonly active = $derived(this.jobState ? ACTIVE_STATES.includes(this.jobState) : false);
  /** The batch strip, one square per batch; empty when there are too many (a thin bar instead). */
  readonly segments = $derived<Segment[]>(
    this.batches > 0 && this.batches <= MAX_SEGMENTS
      ? Array.from({ length: this.batches }, (_, i) => ({
          n: i + 1,
          done: i + 1 <= this.batchesDone,
          current: i + 1 === this.batchesDone + 1 && this.active,
        }))
      : [],
  );
  readonly batchPercent = $derived(this.batches > 0 ? (this.batchesShown / this.batches) * 100 : 0);

  // Waits count down on screen: each event says how long (its deadline is taken when it arrives).
  private readonly waitUntil = $derived.by(() =>
    this.countdown.deadline(
      this.progress?.state === 'waiting' || this.progress?.state === 'offline' ? this.progress.waitSeconds : null,
    ),
  );
  readonly waitLeft = $derived.by(() => this.countdown.secondsUntil(this.waitUntil));

  readonly words = $derived(
    this.jobState
      ? describeProgress({
          state: this.jobState,
          batch: this.batchesDone,
          batches: this.batches,
          waitSeconds: this.waitLeft,
          message: this.progress?.message ?? this.job?.stateMessage,
        })
      : '',
  );
  readonly summary = $derived(this.jobState === 'done' && this.counts ? finishSummary(this.counts) : null);
  readonly tone = $derived(
    this.jobState === 'done'
      ? (this.summary?.tone ?? 'ok')
      : this.jobState === 'auth' || this.jobState === 'forbidden' || this.jobState === 'unreachable'
        ? 'bad'
        : this.jobState === 'offline' || this.jobState === 'waiting'
          ? 'warn'
          : 'info',
  );
  readonly heading = $derived(
    !this.job
      ? 'Send'
      : this.jobState === 'done'
        ? `Sent “${this.job.name}”`
        : this.jobState === 'paused'
          ? `Paused “${this.job.name}”`
          : `Sending “${this.job.name}”`,
  );
  readonly rateText = $derived(
    this.progress && this.progress.rate > 0 ? `${Math.round(this.progress.rate)} rows/s` : '—',
  );
  readonly timeLeftText = $derived(this.active ? formatDuration(this.progress?.etaSeconds) : '—');
  readonly notSent = $derived(this.counts ? this.counts.invalid + this.counts.skipped : 0);

  /** The buttons under the progress for the job's state, in order; focus moves to the first focus slot. */
  readonly buttons = $derived.by<SendButton[]>(() => {
    const s = this.jobState;
    const b: SendButton[] = [];
    if (s === 'unreachable') {
      b.push({
        key: 'unreachable-fix',
        label: 'Fix the address on Connect',
        look: 'primary',
        focusSlot: false,
        press: { kind: 'fix-site' },
      });
      b.push({
        key: 'unreachable-retry',
        label: 'Try again',
        look: 'plain',
        focusSlot: false,
        press: { kind: 'resume' },
      });
    } else if (s === 'paused' || s === 'stopped') {
      b.push({ key: 'held-resume', label: 'Resume', look: 'primary', focusSlot: true, press: { kind: 'resume' } });
      if (s === 'paused')
        b.push({ key: 'paused-cancel', label: 'Cancel', look: 'danger', focusSlot: false, press: { kind: 'cancel' } });
    } else if (this.active) {
      b.push({ key: 'active-pause', label: 'Pause', look: 'plain', focusSlot: true, press: { kind: 'pause' } });
      b.push({ key: 'active-cancel', label: 'Cancel', look: 'danger', focusSlot: true, press: { kind: 'cancel' } });
    }
    if (s === 'auth' || s === 'forbidden')
      b.push({
        key: 'token-connect',
        label: 'Open Connect',
        look: 'primary',
        focusSlot: true,
        press: { kind: 'go', step: 'connect' },
      });
    if (s === 'done') {
      b.push({
        key: 'done-results',
        label: 'See results',
        look: 'primary',
        focusSlot: true,
        press: { kind: 'go', step: 'results' },
      });
      b.push({
        key: 'done-import',
        label: 'Import another sheet',
        look: 'plain',
        focusSlot: false,
        press: { kind: 'go', step: 'import' },
      });
    }
    return b;
  });
  /** Rows still queued and the job not on the line: it can be moved to another site. */
  readonly canMove = $derived(
    this.jobState !== 'done' &&
      this.jobState !== 'sending' &&
      this.jobState !== 'waiting' &&
      !!this.counts &&
      this.counts.pending > 0,
  );

  private readonly countdown: Countdown;
  private announcedState: string | null = null;

  constructor(private readonly deps: SendViewDeps) {
    this.countdown = deps.countdown ?? new Countdown();
  }

  /** A button pressed. */
  async press(p: SendPress): Promise<void> {
    const job = this.job;
    if (!job) return;
    if (p.kind === 'go') this.deps.go(p.step);
    else if (p.kind === 'fix-site') this.deps.fixSite(job, this.progress?.message);
    else await this.act(p.kind);
  }

  /** Pauses, resumes or (once the user agrees) cancels the job; a refusal from main is kept in `actionError`. */
  async act(kind: JobAction): Promise<void> {
    const job = this.job;
    if (!job) return;
    this.actionError = null;
    if (kind === 'cancel' && !this.deps.confirm(CANCEL_QUESTION)) return;
    const { bridge } = this.deps;
    const call = kind === 'pause' ? bridge.pauseJob : kind === 'resume' ? bridge.resumeJob : bridge.cancelJob;
    const r = await call({ jobId: job.id });
    if (r.ok) this.deps.jobs.upsert(r.value);
    else this.actionError = r.error.message;
  }

  /**
   * What a screen reader hears while the screen is open: progress politely and at most every few
   * seconds (the announcer throttles), the end and a pause at once, a lost token assertively.
   * The state line itself is not live, or every batch would be read out.
   */
  announce(): void {
    const { job, jobState, counts, words } = this;
    if (!job || !jobState || !counts) return;
    const { announcer } = this.deps;
    const rows = `${formatCount(this.finished)} of ${formatCount(this.sendable)} rows`;
    const stateChanged = this.announcedState !== jobState;
    this.announcedState = jobState;
    if (jobState === 'done') {
      if (stateChanged)
        announcer.polite(`Finished: ${formatCount(counts.saved)} saved, ${formatCount(counts.failed)} failed.`);
    } else if (jobState === 'auth' || jobState === 'forbidden') {
      if (stateChanged) announcer.assertive(words);
    } else announcer.progress(`${words}. ${rows} done.`, { stateChanged });
  }

  /** The screen is gone: a progress line still waiting is not said. */
  dispose(): void {
    this.deps.announcer.dispose();
  }
}
