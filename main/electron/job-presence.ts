import { app, dialog, net, Notification, type BrowserWindow } from 'electron';
import type { JobService } from '../jobs/job-service.js';
import type { JobProgress } from '../../shared/domain/job.js';
import { ACTIVE_STATES, describeProgress } from '../../shared/domain/job-state-words.js';
import { PRODUCT_NAME } from '../app-paths.js';
import { jobsInterruptedByClose, shouldNotifyFinished, taskbarProgress } from '../presence/job-presence-policy.js';

export interface JobPresence {
  /** Asked before the app quits: true when nothing is sending or the user agreed to stop. */
  confirmQuit(): Promise<boolean>;
  /** The quit is already decided (the updater installs, or the user chose "Stop and quit"). */
  allowQuit(): void;
}

/**
 * How sending shows outside the window: taskbar / dock progress, a notification when a long job
 * ends while the window is not focused, the question asked when the window is closed or the app
 * quit mid-send, and the OS's online signal passed to the queue as a hint (it probes on its own too).
 * The queue is stopped only after the question is answered (in main.ts's before-quit), so choosing
 * "keep sending" never leaves a hidden window with a stopped queue.
 */
export function installJobPresence(jobs: JobService, getWindow: () => BrowserWindow | null, log: (m: string, e?: unknown) => void): JobPresence {
  const startedAt = new Map<string, number>();
  // Shown notifications are kept until closed: an unreferenced one can be collected with its click handler.
  const shown = new Set<Notification>();
  let background = false;
  let quitting = false;
  let asking = false;

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
        const job = list.find((j) => j.id === p.jobId);
        const n = new Notification({
          title: `${PRODUCT_NAME}: ${job?.name ?? 'job'} finished`,
          body: `${p.counts.saved} saved, ${p.counts.failed} failed${p.counts.pending ? `, ${p.counts.pending} still queued` : ''}.`,
        });
        shown.add(n);
        n.on('click', () => showWindow(getWindow()));
        n.on('close', () => shown.delete(n));
        n.show();
      }
      if (background && !list.some((j) => ACTIVE_STATES.includes(j.state))) app.quit();
    } else if ((p.state === 'auth' || p.state === 'forbidden') && background) {
      // The job needs the user: bring the window back with the Connect screen.
      background = false;
      showWindow(getWindow());
    }
  });

  let wasOnline = net.isOnline();
  setInterval(() => {
    const online = net.isOnline();
    if (online && !wasOnline) jobs.notifyOnline();
    wasOnline = online;
  }, 5_000).unref();

  async function ask(win: BrowserWindow | null, fromClose: boolean): Promise<'background' | 'stop' | 'cancel'> {
    const sending = jobsInterruptedByClose(jobs.listJobs());
    if (sending.length === 0) return 'stop';
    const first = sending[0]!;
    const words = describeProgress({ state: first.state, batch: first.batchesDone, batches: first.batchesTotal });
    const options = {
      type: 'question' as const,
      title: PRODUCT_NAME,
      message: `“${first.name}” is still sending (${words}).`,
      detail: fromClose
        ? 'Keep sending in the background and close the window when it is done, or stop now: rows not sent yet stay queued and continue the next time the app starts.'
        : 'Rows not sent yet stay queued and continue the next time the app starts.',
      buttons: fromClose ? ['Keep sending in the background', 'Stop and quit', 'Cancel'] : ['Stop and quit', 'Cancel'],
      defaultId: 0,
      cancelId: fromClose ? 2 : 1,
      noLink: true,
    };
    asking = true;
    try {
      // Async, so sending, IPC and timers go on while the question is open.
      const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      if (fromClose) return response === 0 ? 'background' : response === 1 ? 'stop' : 'cancel';
      return response === 0 ? 'stop' : 'cancel';
    } finally {
      asking = false;
    }
  }

  app.on('browser-window-created', (_e, win) => {
    win.on('close', (event) => {
      if (quitting || background) return;
      if (jobsInterruptedByClose(jobs.listJobs()).length === 0) return;
      event.preventDefault();
      if (asking) return;
      void ask(win, true)
        .then((answer) => {
          if (answer === 'background') {
            background = true;
            win.hide();
          } else if (answer === 'stop') {
            quitting = true;
            app.quit();
          }
        })
        .catch((e: unknown) => log('close question failed', e));
    });
  });

  return {
    async confirmQuit() {
      if (quitting) return true;
      if (asking) return false;
      const answer = await ask(getWindow(), false);
      if (answer === 'stop') quitting = true;
      return quitting;
    },
    allowQuit() {
      quitting = true;
    },
  };
}

export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
