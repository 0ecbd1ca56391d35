import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeJobs, FakeLogger, FakeNotifier } from './update-fakes.js';

// Electron cannot start here, so the glue is run against stand-ins for `electron`'s app and
// electron-updater's autoUpdater: this checks the wiring; the rules are in update-policy.test.ts.
const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Array<() => void>>();
  // Each test puts its own FakeAutoUpdater here; typed wide so that it can.
  const autoUpdater: unknown = undefined;
  return {
    app: {
      isPackaged: false,
      on(event: string, listener: () => void) {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
      },
    },
    appListeners,
    autoUpdaterReads: 0,
    autoUpdater,
  };
});

vi.mock('electron', () => ({ app: fake.app }));
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      fake.autoUpdaterReads += 1;
      return fake.autoUpdater;
    },
  },
}));

class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = console;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  checkForUpdates(): Promise<null> {
    this.checks += 1;
    return Promise.resolve(null);
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

const { startAutoUpdate } = await import('../../../main/electron/auto-update.js');

describe('main/electron/auto-update.ts (glue)', () => {
  let autoUpdater: FakeAutoUpdater;
  const savedAppImage = process.env.APPIMAGE;

  beforeEach(() => {
    autoUpdater = new FakeAutoUpdater();
    fake.autoUpdater = autoUpdater;
    fake.autoUpdaterReads = 0;
    fake.appListeners.clear();
    vi.useFakeTimers();
    // So the "packaged" case is eligible on a Linux test machine too.
    process.env.APPIMAGE = '/tmp/Wasp-Phone-Importer.AppImage';
  });

  afterEach(() => {
    vi.useRealTimers();
    if (savedAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = savedAppImage;
  });

  it('never touches electron-updater when the app is not packaged', () => {
    fake.app.isPackaged = false;
    const controller = startAutoUpdate({
      jobs: new FakeJobs(),
      notifier: new FakeNotifier(),
      logger: new FakeLogger(),
    });
    vi.advanceTimersByTime(24 * 60 * 60 * 1000);
    expect(fake.autoUpdaterReads).toBe(0);
    expect(controller.requestInstall()).toBe('disabled');
  });

  it('wires autoUpdater to the policy when packaged: schedule, events, install and quit', async () => {
    fake.app.isPackaged = true;
    const notifier = new FakeNotifier();
    const jobs = new FakeJobs();
    const logger = new FakeLogger();
    const controller = startAutoUpdate({ jobs, notifier, logger });

    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(autoUpdater.logger).not.toBe(console);
    for (const event of [
      'checking-for-update',
      'update-available',
      'update-not-available',
      'download-progress',
      'update-downloaded',
      'error',
    ]) {
      expect(autoUpdater.listenerCount(event), event).toBe(1);
    }

    await vi.advanceTimersByTimeAsync(9_999);
    expect(autoUpdater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(autoUpdater.checks).toBe(1);

    autoUpdater.emit('update-available', { version: '1.4.0' });
    autoUpdater.emit('download-progress', { percent: 40.2 });
    autoUpdater.emit('update-downloaded', { version: '1.4.0', downloadedFile: '/tmp/x' });
    expect(notifier.last).toEqual({ state: 'ready', version: '1.4.0' });

    jobs.sending = true;
    expect(controller.requestInstall()).toBe('deferred');
    jobs.finishSending();
    expect(autoUpdater.installs).toEqual([[true, true]]);

    // No before-quit listener of its own: the lifecycle coordinator (main/electron/lifecycle.ts)
    // calls appWillQuit() once a quit is decided (tested in test/unit/electron/lifecycle.test.ts).
    expect(fake.appListeners.get('before-quit')).toBeUndefined();
    controller.appWillQuit();
    await vi.advanceTimersByTimeAsync(8 * 60 * 60 * 1000);
    expect(autoUpdater.checks).toBe(1);
  });

  it("routes electron-updater's own log lines to the app logger, errors as warnings", () => {
    fake.app.isPackaged = true;
    const logger = new FakeLogger();
    startAutoUpdate({ jobs: new FakeJobs(), notifier: new FakeNotifier(), logger });
    const updaterLogger = autoUpdater.logger as { error(message: string): void };
    updaterLogger.error('Error: HttpError: 503');
    expect(logger.warnings).toContain('electron-updater: Error: HttpError: 503');
  });
});
