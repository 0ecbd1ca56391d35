import { app, dialog, net, Notification, type BrowserWindow } from 'electron';
import type { JobService } from '../jobs/job-service.js';
import type { JobProgress } from '../../shared/domain/job.js';
import { ACTIVE_STATES, describeProgress } from '../../shared/domain/job-state-words.js';
import { PRODUCT_NAME } from '../app-paths.js';
import { jobsInterruptedByClose, shouldNotifyFinished, taskbarProgress } from '../presence/job-presence-policy.js';

/**
 * How sending shows outside the window: taskbar / dock progress, a notification when a long job
 * ends while the window is not focused, the question asked when the window is closed mid-send, and
 * the OS's online signal passed to the queue as a hint (the queue probes on its own as well).
 */
export function installJobPresence(jobs: JobService, getWindow: () => BrowserWindow | null): void {
  const startedAt = new Map<string, number>();
  let keepInBackground = false;

  jobs.onProgress((p: JobProgress) => {
    if (!startedAt.has(p.jobId)) startedAt.set(p.jobId, Date.now());
    const win = getWindow();
    const list = jobs.listJobs();
    if (win && !win.isDestroyed()) {
      const bar = taskbarProgress(list);
      win.setProgressBar(bar.fraction, { mode: bar.mode });
    }
    if (p.state === 'done') {
      const began = startedAt.get(p.jobId) ?? Date.now();
      startedAt.delete(p.jobId);
      const focused = win !== null && !win.isDestroyed() && win.isFocused();
      if (shouldNotifyFinished(began, Date.now(), focused) && Notification.isSupported()) {
        const job = jobs.listJobs().find((j) => j.id === p.jobId);
        const n = new Notification({
          title: `${PRODUCT_NAME}: ${job?.name ?? 'job'} finished`,
          body: `${p.counts.saved} saved, ${p.counts.failed} failed${p.counts.pending ? `, ${p.counts.pending} still queued` : ''}.`,
        });
        n.on('click', () => getWindow()?.show());
        n.show();
      }
      if (keepInBackground && !list.some((j) => ACTIVE_STATES.includes(j.state))) app.quit();
    } else if (p.state === 'auth' || p.state === 'forbidden') {
      if (keepInBackground) getWindow()?.show();
    }
  });

  let wasOnline = net.isOnline();
  setInterval(() => {
    const online = net.isOnline();
    if (online && !wasOnline) jobs.notifyOnline();
    wasOnline = online;
  }, 5_000).unref();

  app.on('browser-window-created', (_e, win) => {
    win.on('close', (event) => {
      if (keepInBackground) return;
      const sending = jobsInterruptedByClose(jobs.listJobs());
      if (sending.length === 0) return;
      event.preventDefault();
      const first = sending[0]!;
      const choice = dialog.showMessageBoxSync(win, {
        type: 'question',
        title: PRODUCT_NAME,
        message: `“${first.name}” is still sending (${describeProgress({ state: first.state, batch: first.batchesDone + 1, batches: first.batchesTotal })}).`,
        detail: 'Keep sending in the background and close the window when it is done, or stop now: rows not sent yet stay queued and continue the next time the app starts.',
        buttons: ['Keep sending in the background', 'Stop and quit', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      });
      if (choice === 0) {
        keepInBackground = true;
        win.hide();
      } else if (choice === 1) {
        keepInBackground = true;
        app.quit();
      }
    });
  });
}
