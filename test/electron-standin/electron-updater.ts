/**
 * Stand-in for electron-updater's autoUpdater, as main/electron/auto-update.ts uses it. Models
 * BaseUpdater.quitAndInstall: when the installer starts it quits the app on the next turn
 * (setImmediate → app.quit()); when installing fails it emits 'error' and the app keeps running
 * (electron-updater's dispatchError). checkForUpdates() resolves with an UpdateCheckResult whose
 * downloadPromise is the download started by autoDownload.
 */
import { EventEmitter } from 'node:events';
import { app } from './electron.js';

export class StandinAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = console;
  checks = 0;
  readonly installs: Array<[boolean | undefined, boolean | undefined]> = [];
  /** What the next checkForUpdates() resolves to. */
  nextCheck: () => Promise<unknown> = () => Promise.resolve(null);
  /** Set to make the next quitAndInstall fail (e.g. Squirrel.Mac refusing the update). */
  installError: Error | undefined;

  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.nextCheck();
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
    if (this.installError) {
      this.emit('error', this.installError);
      return;
    }
    setImmediate(() => app.quit());
  }
}

const KEY = Symbol.for('wasp.electron-updater-standin');
export function standinUpdater(): StandinAutoUpdater {
  const g = globalThis as unknown as Record<symbol, StandinAutoUpdater | undefined>;
  return (g[KEY] ??= new StandinAutoUpdater());
}
export function resetStandinUpdater(): void {
  (globalThis as unknown as Record<symbol, StandinAutoUpdater>)[KEY] = new StandinAutoUpdater();
}

export default {
  get autoUpdater(): StandinAutoUpdater {
    return standinUpdater();
  },
};
