import { net, Notification, type BrowserWindow } from 'electron';
import type { JobService } from '../jobs/job-service.js';
import type { JobProgress } from '../../shared/domain/job.js';
import { PRODUCT_NAME } from '../app-paths.js';
import { shouldNotifyFinished, taskbarProgress } from '../presence/job-presence-policy.js';

/** What presence needs from the lifecycle coordinator (main/electron/lifecycle.ts). */
export interface PresenceWindow {
  window(): BrowserWindow | null;
  /** Brings the window back, making a new one if it was closed. */
  showWindow(): void;
}

/**
 * How sending shows outside the window: taskbar / dock progress, a notification when a long job
 * ends while the window is not focused, and the OS's online signal passed to the queue as a hint
 * (it probes on its own too). Quitting, the close question and the hidden window belong to the
 * lifecycle coordinator.
 */
export function installJobPresence(
  jobs: Pick<JobService, 'onProgress' | 'listJobs' | 'notifyOnline'>,
  presence: PresenceWindow,
): void {
  const startedAt = new Map<string, number>();
  // Shown notifications are kept until closed: an unreferenced one can be collected with its click handler.
  const shown = new Set<Notification>();

  jobs.onProgress((p: JobProgress) => {
    if (!startedAt.has(p.jobId)) startedAt.set(p.jobId, Date.now());
    const win = presence.window();
    const list = jobs.listJobs();
    if (win) {
      const bar = taskbarProgress(list);
      win.setProgressBar(bar.fraction, { mode: bar.mode });
    }
    if (p.state !== 'done') return;
    const began = startedAt.get(p.jobId) ?? Date.now();
    startedAt.delete(p.jobId);
    const focused = win !== null && win.isFocused();
    if (shouldNotifyFinished(began, Date.now(), focused) && Notification.isSupported()) {
      const job = list.find((j) => j.id === p.jobId);
      const n = new Notification({
        title: `${PRODUCT_NAME}: ${job?.name ?? 'job'} finished`,
        body: `${p.counts.saved} saved, ${p.counts.failed} failed${p.counts.pending ? `, ${p.counts.pending} still queued` : ''}.`,
      });
      shown.add(n);
      n.on('click', () => presence.showWindow());
      n.on('close', () => shown.delete(n));
      n.show();
    }
  });

  let wasOnline = net.isOnline();
  setInterval(() => {
    const online = net.isOnline();
    if (online && !wasOnline) jobs.notifyOnline();
    wasOnline = online;
  }, 5_000).unref();
}
