/**
 * Electron glue for auto-update: binds electron-updater's autoUpdater and Electron's app to the
 * pure policy in main/update/update-policy.ts. The only update file that imports electron or
 * electron-updater; every decision lives in the policy, where it is unit-tested.
 */
import { app } from 'electron';
// electron-updater is CommonJS: its named exports are not visible to Node's ESM loader, so take
// the default export (module.exports) and read autoUpdater from it.
import electronUpdater from 'electron-updater';
import { decideUpdateEligibility } from '../update/update-eligibility.js';
import {
  createUpdatePolicy,
  type JobActivity,
  type Timers,
  type UpdateController,
  type UpdateLogger,
  type UpdateNotifier,
  type Updater,
} from '../update/update-policy.js';

export interface AutoUpdateDeps {
  /** The job queue's view of "is anything sending right now". */
  readonly jobs: JobActivity;
  /** Pushes the status event and notices to the window (the main glue owns the IPC). */
  readonly notifier: UpdateNotifier;
  readonly logger: UpdateLogger;
  /** Called right before the updater quits the app to install: the quit needs no question. */
  readonly beforeInstall?: () => void;
  /** Called when an install did not quit the app (electron-updater reports it as 'error'). */
  readonly installFailed?: () => void;
}

/** Starts auto-update for this run of the app; in development it only logs that it is off. */
export function startAutoUpdate(deps: AutoUpdateDeps): UpdateController {
  const controller = createUpdatePolicy({
    eligibility: decideUpdateEligibility({ isPackaged: app.isPackaged, platform: process.platform, env: process.env }),
    // Only called when updates are enabled: reading autoUpdater constructs the platform updater.
    createUpdater: () => bindElectronUpdater(deps),
    jobs: deps.jobs,
    timers: nodeTimers,
    notifier: deps.notifier,
    logger: deps.logger,
  });
  // No before-quit listener here: the lifecycle coordinator calls controller.appWillQuit() once a
  // quit is decided (a listener of its own would also run for a quit the user then cancels).
  controller.start();
  return controller;
}

function bindElectronUpdater({ logger, beforeInstall, installFailed }: AutoUpdateDeps): Updater {
  const { autoUpdater } = electronUpdater;
  // Between quitAndInstall() and the quit: an 'error' then means the install did not happen
  // (electron-updater's install() reports failures with dispatchError and returns without quitting).
  let installing = false;
  const installDidNotQuit = () => {
    if (!installing) return;
    installing = false;
    installFailed?.();
  };
  // electron-updater logs every step; route it to the app's log instead of the console, and keep
  // its errors at warn level: an update problem never stops the app.
  autoUpdater.logger = {
    info: (message?: unknown) => logger.info(`electron-updater: ${String(message)}`),
    warn: (message?: unknown) => logger.warn(`electron-updater: ${String(message)}`),
    error: (message?: unknown) => logger.warn(`electron-updater: ${String(message)}`),
  };
  return {
    configure(options) {
      autoUpdater.autoDownload = options.autoDownload;
      autoUpdater.autoInstallOnAppQuit = options.autoInstallOnAppQuit;
    },
    subscribe(handlers) {
      autoUpdater.on('checking-for-update', () => handlers.checking());
      autoUpdater.on('update-available', (info) => handlers.available({ version: info.version }));
      autoUpdater.on('update-not-available', () => handlers.notAvailable());
      autoUpdater.on('download-progress', (progress) => handlers.progress(progress.percent));
      autoUpdater.on('update-downloaded', (event) => handlers.downloaded({ version: event.version }));
      autoUpdater.on('error', (error) => {
        installDidNotQuit();
        handlers.error(error);
      });
    },
    checkForUpdates: async () => {
      const result = await autoUpdater.checkForUpdates();
      // With autoDownload the download runs on: electron-updater reports its failure through the
      // 'error' event (handled above) and also rejects this promise, which nobody else awaits.
      result?.downloadPromise?.catch(() => undefined);
      return result;
    },
    // Silent (the one-click NSIS installer shows no wizard) and start the new version afterwards:
    // the user asked to *restart* to update. Both arguments are ignored on macOS.
    quitAndInstall: () => {
      installing = true;
      beforeInstall?.();
      try {
        autoUpdater.quitAndInstall(true, true);
      } catch (error) {
        installDidNotQuit();
        throw error;
      }
    },
  };
}

const nodeTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
  setInterval(callback, ms) {
    const handle = setInterval(callback, ms);
    return () => clearInterval(handle);
  },
};
