import type { JobProgress } from '../../shared/domain/job.js';
import { throttle, type Throttled } from '../../shared/timing/throttle.js';

/** How often at most the window hears of a sending job's progress: ten updates a second. */
export const PROGRESS_INTERVAL_MS = 100;

/** A job that is sending: its newest event, and the throttled call that sends it. */
interface JobSlot {
  latest: JobProgress;
  send: Throttled;
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
    if (p.state !== 'sending') {
      // A job that is not sending has nothing held back: its slot goes (the held event is older),
      // so the map stays as small as the number of jobs sending at once.
      slot?.send.cancel();
      this.slots.delete(p.jobId);
      this.send(p);
      return;
    }
    if (slot !== undefined) {
      slot.latest = p;
      slot.send();
      return;
    }
    const fresh: JobSlot = { latest: p, send: throttle(() => this.send(fresh.latest), this.intervalMs, this.now) };
    this.slots.set(p.jobId, fresh);
    fresh.send();
  }

  /** Sends what is held (the window still gets each job's last word) and stops every timer. */
  close(): void {
    for (const slot of this.slots.values()) slot.send.flush();
    this.slots.clear();
  }
}
