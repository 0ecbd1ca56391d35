import { app, dialog, type BrowserWindow } from 'electron';
import type { JobProgress, JobSummary } from '../../shared/domain/job.js';
import { ACTIVE_STATES, describeProgress } from '../../shared/domain/job-state-words.js';
import { PRODUCT_NAME } from '../app-paths.js';
import { jobsInterruptedByClose } from '../presence/job-presence-policy.js';

/**
 * The one Electron lifecycle coordinator: it owns quitting, the updater's part in it, the window's
 * presence (shown, hidden to keep sending, recreated) and the shutdown of main's services. It is the
 * only `before-quit` listener in main/electron/, so "is the quit decided?" has one answer.
 *
 * Electron behaviour relied on (docs/api/app.md, docs/api/browser-window.md):
 * - app.quit() emits 'before-quit' first; "Calling event.preventDefault() will prevent the default
 *   behavior, which is terminating the application". Every listener runs whatever an earlier one did,
 *   so a second listener cannot know whether the quit goes ahead: hence one listener.
 * - Windows are then closed; a window 'close' handler that calls event.preventDefault() cancels the
 *   close (and with it the quit). When the windows close as part of app.quit(), 'window-all-closed'
 *   is not emitted.
 * - 'window-all-closed': "If you do not subscribe to this event and all windows are closed, the
 *   default behavior is to quit the app; however, if you subscribe, you control whether the app
 *   quits or not."
 * - 'activate' (macOS: Dock icon) and 'second-instance' (another launch while
 *   requestSingleInstanceLock() holds) are where a user asks for the window back.
 * - dialog.showMessageBox(window, options) is a sheet of that window on macOS; a sheet on a hidden
 *   window cannot be seen or answered, so a hidden window is never a parent.
 * - autoUpdater.quitAndInstall() (electron-updater) quits the app itself; "If application quit was
 *   initiated by autoUpdater.quitAndInstall(), then before-quit is emitted after emitting close event
 *   on all windows and closing them."
 */
export interface LifecycleJobs {
  listJobs(): JobSummary[];
  onProgress(listener: (p: JobProgress) => void): () => void;
}

/** The updater's part in quitting: told once the quit is decided, never for a cancelled one. */
export interface QuitAware {
  appWillQuit(): void;
}

export interface LifecycleDeps {
  jobs: LifecycleJobs;
  /** Makes the main window (not shown until its page is ready). */
  createWindow(): BrowserWindow;
  /** Stops main's services: the queue abandons its calls cleanly, unsent rows stay queued. */
  shutdown(): Promise<void>;
  log(this: void, message: string, error?: unknown): void;
  /** A stuck shutdown must not keep the app alive. */
  shutdownCapMs?: number;
}

export interface Lifecycle {
  window(): BrowserWindow | null;
  /** Brings the window back (making a new one if it is gone); the app is no longer in the background. */
  showWindow(): void;
  attachUpdater(updater: QuitAware): void;
  /** The updater is about to quit the app to install: that quit needs no question. */
  installStarting(): void;
  /** The install did not quit the app (e.g. it failed): quitting is no longer allowed without asking. */
  installFailed(): void;
}

type Answer = 'background' | 'stop' | 'cancel';

export function startLifecycle(deps: LifecycleDeps): Lifecycle {
  const { jobs, log } = deps;
  let win: BrowserWindow | null = null;
  /** The window was hidden so that sending goes on: the app quits by itself when the queue is done. */
  let background = false;
  /** The user chose "Stop and quit" in the close question: the quit that follows asks nothing. */
  let stopChosen = false;
  let installing = false;
  let asking = false;
  let phase: 'running' | 'deciding' | 'shutting-down' | 'ended' = 'running';
  let updater: QuitAware | null = null;

  function openWindow(): BrowserWindow {
    const created = deps.createWindow();
    created.on('close', (event) => onWindowClose(created, event));
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
    return created;
  }

  function alive(w: BrowserWindow | null): w is BrowserWindow {
    return w !== null && !w.isDestroyed();
  }

  function showWindow(): void {
    if (phase === 'shutting-down' || phase === 'ended') return;
    background = false;
    if (!alive(win)) {
      openWindow(); // shows itself when its page is ready
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  async function ask(fromClose: boolean): Promise<Answer> {
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
      // Async, so sending, IPC and timers go on while the question is open. Only a visible window
      // is a parent: on macOS the question would be a sheet nobody can see on a hidden one.
      const parent = alive(win) && win.isVisible() ? win : null;
      const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      if (fromClose) return response === 0 ? 'background' : response === 1 ? 'stop' : 'cancel';
      return response === 0 ? 'stop' : 'cancel';
    } finally {
      asking = false;
    }
  }

  function onWindowClose(closing: BrowserWindow, event: Electron.Event): void {
    // A decided quit (or the updater installing) closes the window without a question.
    if (phase === 'shutting-down' || phase === 'ended' || installing || stopChosen) return;
    // A question is open (this one or the quit question): its answer decides, the window stays.
    if (asking || phase === 'deciding') {
      event.preventDefault();
      return;
    }
    if (jobsInterruptedByClose(jobs.listJobs()).length === 0) return;
    event.preventDefault();
    void ask(true)
      .then((answer) => {
        if (answer === 'background') {
          background = true;
          if (!closing.isDestroyed()) closing.hide();
        } else if (answer === 'stop') {
          stopChosen = true;
          app.quit();
        }
      })
      .catch((e: unknown) => log('close question failed', e));
  }

  async function decideQuit(): Promise<void> {
    if (!stopChosen && !installing) {
      phase = 'deciding';
      const answer = await ask(false);
      if (answer === 'cancel') {
        phase = 'running';
        // Never leave a running app without a window to come back to.
        if (!alive(win)) showWindow();
        return;
      }
    }
    phase = 'shutting-down';
    // Only now, with the quit decided, does the updater stop its timers and waits.
    updater?.appWillQuit();
    let capTimer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (capTimer = setTimeout(resolve, deps.shutdownCapMs ?? 5_000)));
    await Promise.race([deps.shutdown(), cap]).catch((e: unknown) => log('shutdown', e));
    clearTimeout(capTimer);
    phase = 'ended';
    app.quit();
  }

  app.on('before-quit', (event) => {
    if (phase === 'ended') return; // the quit after shutdown: let it through
    event.preventDefault();
    // Already deciding or shutting down, or the close question is open: that answer decides.
    if (phase !== 'running' || asking) return;
    decideQuit().catch((e: unknown) => {
      phase = 'running';
      log('quit', e);
    });
  });
  app.on('window-all-closed', () => app.quit());
  // A second launch, the Dock icon: the window comes back, also when it was hidden to keep sending.
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());

  jobs.onProgress((p) => {
    if (!background) return;
    if (p.state === 'done' && !jobs.listJobs().some((j) => ACTIVE_STATES.includes(j.state))) app.quit();
    // The job needs the user: bring the window back with the Connect screen.
    else if (p.state === 'auth' || p.state === 'forbidden') showWindow();
  });

  openWindow();

  return {
    window: () => (alive(win) ? win : null),
    showWindow,
    attachUpdater(next) {
      updater = next;
    },
    installStarting() {
      installing = true;
    },
    installFailed() {
      installing = false;
    },
  };
}
