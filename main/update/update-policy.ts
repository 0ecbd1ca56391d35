import { describeUpdateError } from './describe-update-error.js';
import type { UpdateEligibility } from './update-eligibility.js';
import type { InstallOutcome, UpdateStatus } from '../../shared/domain/update-status.js';
import { errorText } from '../../shared/domain/app-error.js';

/**
 * When to look for updates and when it is safe to install one. Pure TypeScript: electron-updater,
 * the job queue, timers and the window are all passed in (main/electron/auto-update.ts binds the
 * real ones), so every rule here is unit-tested with fakes.
 *
 * Rules:
 * - Disabled builds (development, opted out, non-AppImage Linux) never create the updater.
 * - First check shortly after start (not at start: the window and the job queue come first),
 *   then every few hours; updates download in the background.
 * - A downloaded update is announced as `ready`. "Restart to update" installs at once only if no
 *   job is sending; otherwise it waits for the send to end. Whatever happens, electron-updater's
 *   autoInstallOnAppQuit installs a downloaded update when the app quits.
 * - Failures are logged and shown as one soft notice per run of failures; nothing is thrown at
 *   the caller and no work is blocked.
 */

export const FIRST_CHECK_DELAY_MS = 10_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1_000;

export interface UpdateInfo {
  readonly version: string;
}

/** The updater's events, as the policy needs them (the glue adapts electron-updater's). */
export interface UpdaterHandlers {
  checking(): void;
  available(info: UpdateInfo): void;
  notAvailable(): void;
  /** Download progress in percent, 0..100. */
  progress(percent: number): void;
  downloaded(info: UpdateInfo): void;
  error(error: Error): void;
}

export interface Updater {
  configure(options: { readonly autoDownload: boolean; readonly autoInstallOnAppQuit: boolean }): void;
  subscribe(handlers: UpdaterHandlers): void;
  /** Resolves when the check is done (the download carries on); rejects when the check fails. */
  checkForUpdates(): Promise<unknown>;
  /** Quits the app and installs the downloaded update, then starts the new version. */
  quitAndInstall(): void;
}

/** What the policy needs to know about the job queue. */
export interface JobActivity {
  /** True while a job is sending batches to Wasp (quitting then would interrupt a batch). */
  isSending(): boolean;
  /** Calls `listener` whenever sending stops; returns a function that unsubscribes. */
  onIdle(listener: () => void): () => void;
}

export type CancelTimer = () => void;

export interface Timers {
  setTimeout(callback: () => void, ms: number): CancelTimer;
  setInterval(callback: () => void, ms: number): CancelTimer;
}

export interface UpdateNotice {
  readonly level: 'info' | 'warning';
  readonly message: string;
}

/** The way to the renderer: the status event and the app's non-blocking notices. */
export interface UpdateNotifier {
  status(status: UpdateStatus): void;
  notice(notice: UpdateNotice): void;
}

export interface UpdateLogger {
  info(message: string, detail?: Readonly<Record<string, unknown>>): void;
  warn(message: string, detail?: Readonly<Record<string, unknown>>): void;
}

export interface UpdateSchedule {
  readonly firstCheckDelayMs: number;
  readonly checkIntervalMs: number;
}

export interface UpdatePolicyDeps {
  readonly eligibility: UpdateEligibility;
  /** Called at most once, and only when updates are enabled: a dev build never builds an updater. */
  readonly createUpdater: () => Updater;
  readonly jobs: JobActivity;
  readonly timers: Timers;
  readonly notifier: UpdateNotifier;
  readonly logger: UpdateLogger;
  readonly schedule?: Partial<UpdateSchedule>;
}

export interface UpdateController {
  /** Subscribes to the updater and schedules the checks. Idempotent. */
  start(): void;
  /** A check the user asked for ("Check for updates"): its failure is always shown. */
  checkNow(): Promise<void>;
  /** "Restart to update". */
  requestInstall(): InstallOutcome;
  /** The current status, for a renderer that (re)loads and missed earlier events. */
  getStatus(): UpdateStatus;
  /** The app is quitting: stop timers and waiting; autoInstallOnAppQuit does the install. */
  appWillQuit(): void;
  /** Stops timers and listeners (tests, or the glue tearing down). */
  dispose(): void;
}

const INSTALL_FAILED_MESSAGE =
  'The update could not be installed now. It will be installed the next time the app quits.';

export function createUpdatePolicy(deps: UpdatePolicyDeps): UpdateController {
  const { eligibility, jobs, timers, notifier, logger } = deps;
  const firstCheckDelayMs = deps.schedule?.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS;
  const checkIntervalMs = deps.schedule?.checkIntervalMs ?? CHECK_INTERVAL_MS;

  let updater: Updater | undefined;
  let status: UpdateStatus = { state: 'idle' };
  let started = false;
  let stopped = false;
  let checkInFlight = false;
  let downloaded: UpdateInfo | undefined;
  let installWhenIdle = false;
  let stopWaitingForIdle: (() => void) | undefined;
  let cancelTimers: CancelTimer[] = [];
  // One notice per run of failures: an office PC offline for a day should not collect a warning
  // every four hours. A success, or a check the user asked for, re-arms it.
  let failureNoticeShown = false;
  // electron-updater both emits 'error' and rejects checkForUpdates() with the same Error.
  let lastFailure: unknown;

  function publish(next: UpdateStatus): void {
    if (sameStatus(status, next)) return;
    status = next;
    // The renderer may be gone (window closed, reloading); that must not reach electron-updater's
    // event emitter as an exception.
    try {
      notifier.status(next);
    } catch (error) {
      logger.warn('Could not send the update status to the window', { error: errorText(error) });
    }
  }

  function notify(notice: UpdateNotice): void {
    try {
      notifier.notice(notice);
    } catch (error) {
      logger.warn('Could not show an update notice', { error: errorText(error) });
    }
  }

  function resetFailures(): void {
    failureNoticeShown = false;
    lastFailure = undefined;
  }

  function fail(error: unknown): void {
    if (error === lastFailure) return;
    lastFailure = error;
    logger.warn('Update check or download failed', { error: errorText(error) });
    // A downloaded update stays installable; a later failed check changes nothing for the user.
    if (downloaded) return;
    const message = describeUpdateError(error);
    publish({ state: 'error', message });
    if (!failureNoticeShown) {
      failureNoticeShown = true;
      notify({ level: 'warning', message });
    }
  }

  const handlers: UpdaterHandlers = {
    checking() {
      if (!downloaded) publish({ state: 'checking' });
    },
    available(info) {
      if (!downloaded) publish({ state: 'downloading', version: info.version, percent: 0 });
    },
    notAvailable() {
      resetFailures();
      if (!downloaded) publish({ state: 'idle' });
    },
    progress(percent) {
      if (status.state !== 'downloading') return;
      publish({ ...status, percent: clampPercent(percent) });
    },
    downloaded(info) {
      downloaded = { version: info.version };
      resetFailures();
      logger.info('Update downloaded', { version: info.version });
      publish({ state: 'ready', version: info.version });
    },
    error(error) {
      fail(error);
    },
  };

  async function check(trigger: 'scheduled' | 'manual'): Promise<void> {
    if (updater === undefined || stopped) return;
    // Already downloaded: it installs on restart or quit; checking again would only re-download.
    if (downloaded) return;
    if (checkInFlight || status.state === 'downloading') return;
    checkInFlight = true;
    try {
      logger.info('Checking for updates', { trigger });
      await updater.checkForUpdates();
    } catch (error) {
      fail(error);
    } finally {
      checkInFlight = false;
    }
  }

  function stopWaiting(): void {
    installWhenIdle = false;
    stopWaitingForIdle?.();
    stopWaitingForIdle = undefined;
  }

  function stopTimers(): void {
    for (const cancel of cancelTimers) cancel();
    cancelTimers = [];
  }

  function install(update: UpdateInfo): boolean {
    if (updater === undefined) return false;
    stopWaiting();
    try {
      logger.info('Quitting to install the update', { version: update.version });
      updater.quitAndInstall();
      stopTimers();
      return true;
    } catch (error) {
      logger.warn('Installing the update failed', { version: update.version, error: errorText(error) });
      publish({ state: 'ready', version: update.version });
      notify({ level: 'warning', message: INSTALL_FAILED_MESSAGE });
      return false;
    }
  }

  function onJobsIdle(): void {
    if (!installWhenIdle || stopped || downloaded === undefined) return;
    // Another job may have started sending between the idle signal and now: keep waiting.
    if (jobs.isSending()) return;
    logger.info('The send has ended; installing the update');
    install(downloaded);
  }

  function dispose(): void {
    stopped = true;
    stopTimers();
    stopWaiting();
  }

  return {
    start() {
      if (started) return;
      started = true;
      if (!eligibility.enabled) {
        logger.info('Auto-update is off', { reason: eligibility.reason });
        return;
      }
      try {
        const created = deps.createUpdater();
        created.configure({ autoDownload: true, autoInstallOnAppQuit: true });
        created.subscribe(handlers);
        updater = created;
      } catch (error) {
        // E.g. a missing or broken app-update.yml: the app must still run, just without updates.
        logger.warn('Auto-update could not start', { error: errorText(error) });
        return;
      }
      cancelTimers.push(timers.setTimeout(() => void check('scheduled'), firstCheckDelayMs));
      cancelTimers.push(timers.setInterval(() => void check('scheduled'), checkIntervalMs));
    },

    async checkNow() {
      resetFailures();
      await check('manual');
    },

    requestInstall() {
      if (!eligibility.enabled) return 'disabled';
      if (downloaded === undefined || updater === undefined || stopped) return 'no-update';
      if (jobs.isSending()) {
        if (!installWhenIdle) {
          installWhenIdle = true;
          stopWaitingForIdle = jobs.onIdle(onJobsIdle);
          logger.info('Install deferred until the current send ends', { version: downloaded.version });
          publish({ state: 'ready', version: downloaded.version, installWhenIdle: true });
        }
        return 'deferred';
      }
      return install(downloaded) ? 'installing' : 'failed';
    },

    getStatus() {
      return status;
    },

    appWillQuit() {
      if (downloaded && !stopped) {
        logger.info('The update will be installed as the app quits', { version: downloaded.version });
      }
      dispose();
    },

    dispose,
  };
}

function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, Math.round(percent)));
}

function sameStatus(a: UpdateStatus, b: UpdateStatus): boolean {
  return (
    a.state === b.state &&
    a.version === b.version &&
    a.percent === b.percent &&
    a.installWhenIdle === b.installWhenIdle &&
    a.message === b.message
  );
}
