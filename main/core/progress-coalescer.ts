import type { JobProgress } from '../../shared/domain/job.js';

/** How often at most the window hears of a sending job's progress: ten updates a second. */
export const PROGRESS_INTERVAL_MS = 100;

/** A job that is sending: when its last event went, and the newest one held back since. */
interface JobSlot {
  sentAt: number;
  pending: JobProgress | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Progress for the window, at most one event per job every `intervalMs` while it is sending. Each
 * event is a whole snapshot (counts, batch, rate), so the newest stands for the ones it replaces.
 * Against Wasp a batch takes about a second and nothing is held back; against the Sandbox, or a
 * fast site with calls in parallel, a 100,000-row job finishes 200 batches in about a second, and
 * an event for each is 200 clones across IPC and 200 screen updates that nobody can read.
 * A change of state (waiting, paused, done, a rejected token) and anything said outside sending go
 * at once, after the held event they supersede is dropped; the last event of a burst is always
 * sent, at most `intervalMs` late.
 */
export class ProgressCoalescer {
  private readonly slots = new Map<string, JobSlot>();

  /**
   * `now` is a monotonic clock in milliseconds: with the wall clock, a clock set back while a job
   * is sending would hold its progress back for as long as it was set back.
   */
  constructor(
    private readonly send: (p: JobProgress) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(p: JobProgress): void {
    const slot = this.slots.get(p.jobId);
    const now = this.now();
    if (slot === undefined || p.state !== 'sending') return this.sendNow(p, now);
    const due = slot.sentAt + this.intervalMs;
    if (now >= due && slot.timer === null) return this.sendNow(p, now);
    slot.pending = p;
    if (slot.timer === null) {
      slot.timer = setTimeout(() => this.sendHeld(p.jobId), due - now);
      slot.timer.unref?.();
    }
  }

  /** Sends what is held (the window still gets each job's last word) and stops every timer. */
  close(): void {
    for (const id of [...this.slots.keys()]) this.sendHeld(id);
    this.slots.clear();
  }

  private sendHeld(jobId: string): void {
    const slot = this.slots.get(jobId);
    if (slot === undefined) return;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    const held = slot.pending;
    slot.pending = null;
    if (held !== null) this.sendNow(held, this.now());
  }

  private sendNow(p: JobProgress, now: number): void {
    const slot = this.slots.get(p.jobId);
    if (slot?.timer != null) clearTimeout(slot.timer);
    // A job that is not sending has nothing held back: its slot goes, so the map stays as small as
    // the number of jobs sending at once.
    if (p.state === 'sending') this.slots.set(p.jobId, { sentAt: now, pending: null, timer: null });
    else this.slots.delete(p.jobId);
    this.send(p);
  }
}
