import { describe, expect, it } from 'vitest';
import { describeUpdateError } from '../../../main/update/describe-update-error.js';
import { decideUpdateEligibility, type UpdateEligibility } from '../../../main/update/update-eligibility.js';
import { CHECK_INTERVAL_MS, createUpdatePolicy, FIRST_CHECK_DELAY_MS } from '../../../main/update/update-policy.js';
import { UpdateStatusSchema } from '../../../shared/domain/update-status.js';
import { FakeJobs, FakeLogger, FakeNotifier, FakeTimers, FakeUpdater, settle } from './update-fakes.js';

const ENABLED: UpdateEligibility = { enabled: true };

function setup(eligibility: UpdateEligibility = ENABLED) {
  const updater = new FakeUpdater();
  const jobs = new FakeJobs();
  const timers = new FakeTimers();
  const notifier = new FakeNotifier();
  const logger = new FakeLogger();
  let updatersCreated = 0;
  const policy = createUpdatePolicy({
    eligibility,
    createUpdater: () => {
      updatersCreated += 1;
      return updater;
    },
    jobs,
    timers,
    notifier,
    logger,
  });
  return { policy, updater, jobs, timers, notifier, logger, updatersCreated: () => updatersCreated };
}

/** Runs the policy up to "an update is downloaded and ready". */
function withDownloadedUpdate(version = '1.2.0') {
  const t = setup();
  t.policy.start();
  t.updater.emit.checking();
  t.updater.emit.available({ version });
  t.updater.emit.downloaded({ version });
  return t;
}

describe('update policy: when to check', () => {
  it('checks 10 s after start, then every 4 hours, downloading in the background', async () => {
    const { policy, updater, timers } = setup();
    policy.start();
    policy.start(); // idempotent: still one schedule

    expect(FIRST_CHECK_DELAY_MS).toBe(10_000);
    expect(CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);
    expect(timers.active('timeout').map((timer) => timer.ms)).toEqual([FIRST_CHECK_DELAY_MS]);
    expect(timers.active('interval').map((timer) => timer.ms)).toEqual([CHECK_INTERVAL_MS]);
    expect(updater.configured).toEqual({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(updater.checks).toBe(0);

    timers.fire('timeout');
    await settle();
    expect(updater.checks).toBe(1);
    timers.fire('interval');
    await settle();
    expect(updater.checks).toBe(2);
  });

  it('does not check again while a download runs or once an update is downloaded', async () => {
    const { policy, updater, timers } = setup();
    policy.start();
    updater.emit.available({ version: '1.2.0' });
    timers.fire('interval');
    await settle();
    expect(updater.checks).toBe(0);

    updater.emit.downloaded({ version: '1.2.0' });
    timers.fire('interval');
    await policy.checkNow();
    expect(updater.checks).toBe(0);
  });

  it('is off in development: no updater is created, nothing is scheduled, installing is refused', async () => {
    const eligibility = decideUpdateEligibility({ isPackaged: false, platform: 'win32', env: {} });
    expect(eligibility).toEqual({ enabled: false, reason: 'development build (not packaged)' });

    const { policy, timers, logger, notifier, updatersCreated } = setup(eligibility);
    policy.start();
    await policy.checkNow();
    expect(updatersCreated()).toBe(0);
    expect(timers.all).toEqual([]);
    expect(policy.requestInstall()).toBe('disabled');
    expect(policy.getStatus()).toEqual({ state: 'idle' });
    expect(notifier.statuses).toEqual([]);
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: 'Auto-update is off',
      detail: { reason: 'development build (not packaged)' },
    });
  });
});

describe('update eligibility', () => {
  it('is on for packaged Windows and macOS builds', () => {
    expect(decideUpdateEligibility({ isPackaged: true, platform: 'win32', env: {} })).toEqual({ enabled: true });
    expect(decideUpdateEligibility({ isPackaged: true, platform: 'darwin', env: {} })).toEqual({ enabled: true });
  });

  it('can be turned off by IT through WASP_DISABLE_AUTO_UPDATE', () => {
    for (const value of ['1', 'true', 'YES']) {
      expect(
        decideUpdateEligibility({ isPackaged: true, platform: 'win32', env: { WASP_DISABLE_AUTO_UPDATE: value } })
          .enabled,
      ).toBe(false);
    }
    expect(
      decideUpdateEligibility({ isPackaged: true, platform: 'win32', env: { WASP_DISABLE_AUTO_UPDATE: '0' } }).enabled,
    ).toBe(true);
  });

  it('is on for Linux only inside an AppImage', () => {
    expect(decideUpdateEligibility({ isPackaged: true, platform: 'linux', env: {} }).enabled).toBe(false);
    expect(
      decideUpdateEligibility({ isPackaged: true, platform: 'linux', env: { APPIMAGE: '/opt/x.AppImage' } }).enabled,
    ).toBe(true);
  });
});

describe('update policy: telling the renderer', () => {
  it('reports checking, download progress and "ready" with the version, each change once', () => {
    const { policy, updater, notifier } = setup();
    policy.start();
    updater.emit.checking();
    updater.emit.available({ version: '1.2.0' });
    updater.emit.progress(12.4);
    updater.emit.progress(12.49); // same whole percent: no new event
    updater.emit.progress(57.6);
    updater.emit.downloaded({ version: '1.2.0' });

    expect(notifier.statuses).toEqual([
      { state: 'checking' },
      { state: 'downloading', version: '1.2.0', percent: 0 },
      { state: 'downloading', version: '1.2.0', percent: 12 },
      { state: 'downloading', version: '1.2.0', percent: 58 },
      { state: 'ready', version: '1.2.0' },
    ]);
    for (const status of notifier.statuses) expect(UpdateStatusSchema.parse(status)).toEqual(status);
    expect(policy.getStatus()).toEqual({ state: 'ready', version: '1.2.0' });
  });

  it('goes back to idle when there is no update', () => {
    const { policy, updater, notifier } = setup();
    policy.start();
    updater.emit.checking();
    updater.emit.notAvailable();
    expect(notifier.statuses).toEqual([{ state: 'checking' }, { state: 'idle' }]);
  });
});

describe('update policy: "Restart to update"', () => {
  it('installs at once when no job is sending', () => {
    const { policy, updater } = withDownloadedUpdate();
    expect(policy.requestInstall()).toBe('installing');
    expect(updater.installs).toBe(1);
  });

  it('has nothing to install before a download finished', () => {
    const { policy, updater } = setup();
    policy.start();
    updater.emit.available({ version: '1.2.0' });
    expect(policy.requestInstall()).toBe('no-update');
    expect(updater.installs).toBe(0);
  });

  it('is refused while a job is sending, and happens when the send ends', () => {
    const { policy, updater, jobs, notifier } = withDownloadedUpdate('1.3.0');
    jobs.sending = true;

    expect(policy.requestInstall()).toBe('deferred');
    expect(policy.requestInstall()).toBe('deferred'); // asking twice waits once
    expect(updater.installs).toBe(0);
    expect(jobs.idleListeners).toBe(1);
    expect(notifier.last).toEqual({ state: 'ready', version: '1.3.0', installWhenIdle: true });

    jobs.finishSending();
    expect(updater.installs).toBe(1);
    expect(jobs.idleListeners).toBe(0);
  });

  it('keeps waiting when another send has started by the time the queue reports idle', () => {
    const { policy, updater, jobs } = withDownloadedUpdate();
    jobs.sending = true;
    policy.requestInstall();

    // The idle signal arrives after the next queued job already started sending.
    jobs.reportIdle();
    expect(updater.installs).toBe(0);

    jobs.finishSending();
    expect(updater.installs).toBe(1);
  });

  it('leaves a deferred install to the quit: nothing runs after appWillQuit, autoInstallOnAppQuit installs', () => {
    const { policy, updater, jobs, timers, logger } = withDownloadedUpdate('2.0.0');
    jobs.sending = true;
    policy.requestInstall();

    policy.appWillQuit();
    expect(updater.configured?.autoInstallOnAppQuit).toBe(true);
    expect(jobs.idleListeners).toBe(0);
    expect(timers.active('timeout')).toEqual([]);
    expect(timers.active('interval')).toEqual([]);
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: 'The update will be installed as the app quits',
      detail: { version: '2.0.0' },
    });

    jobs.finishSending(); // the queue winding down during quit must not start a second install
    expect(updater.installs).toBe(0);
    expect(policy.requestInstall()).toBe('no-update');
  });

  it('reports a failed install softly and falls back to installing on quit', () => {
    const { policy, updater, notifier, logger } = withDownloadedUpdate();
    updater.installThrows = new Error('Squirrel refused');
    expect(() => policy.requestInstall()).not.toThrow();
    expect(policy.requestInstall()).toBe('failed');
    expect(notifier.notices.at(-1)).toEqual({
      level: 'warning',
      message: 'The update could not be installed now. It will be installed the next time the app quits.',
    });
    expect(logger.warnings).toContain('Installing the update failed');
    expect(policy.getStatus().state).toBe('ready');
  });
});

describe('update policy: failures are soft', () => {
  it('logs a failed check, shows one warning notice and never throws', async () => {
    const { policy, updater, timers, notifier, logger } = setup();
    policy.start();
    const offline = new Error('net::ERR_INTERNET_DISCONNECTED');
    updater.nextCheck = () => {
      updater.emit.error(offline); // electron-updater emits the error...
      return Promise.reject(offline); // ...and rejects the same one
    };

    expect(() => timers.fire('timeout')).not.toThrow();
    await settle();

    expect(policy.getStatus()).toEqual({
      state: 'error',
      message: 'Could not reach the update server. The app keeps working and will try again later.',
    });
    expect(notifier.notices).toEqual([{ level: 'warning', message: policy.getStatus().message }]);
    expect(logger.warnings).toEqual(['Update check or download failed']);

    // Still offline four hours later: logged again, but no second notice for the same run of failures.
    updater.nextCheck = () => Promise.reject(new Error('getaddrinfo ENOTFOUND github.com'));
    timers.fire('interval');
    await settle();
    expect(notifier.notices).toHaveLength(1);
    expect(logger.warnings).toHaveLength(2);

    // A successful check re-arms the notice.
    updater.nextCheck = () => Promise.resolve(null);
    timers.fire('interval');
    await settle();
    updater.emit.notAvailable();
    updater.nextCheck = () => Promise.reject(new Error('HttpError: 404 Not Found'));
    timers.fire('interval');
    await settle();
    expect(notifier.notices).toHaveLength(2);
    expect(notifier.notices[1]?.message).toMatch(/No published update/);
  });

  it('always shows the failure of a check the user asked for', async () => {
    const { policy, updater, notifier } = setup();
    policy.start();
    updater.nextCheck = () => Promise.reject(new Error('boom'));
    await policy.checkNow();
    await expect(policy.checkNow()).resolves.toBeUndefined();
    expect(notifier.notices).toHaveLength(2);
  });

  it('keeps a downloaded update ready when a later error arrives', () => {
    const { policy, updater, notifier } = withDownloadedUpdate();
    const before = notifier.statuses.length;
    updater.emit.error(new Error('late failure'));
    expect(policy.getStatus()).toEqual({ state: 'ready', version: '1.2.0' });
    expect(notifier.statuses).toHaveLength(before);
    expect(notifier.notices).toEqual([]);
  });

  it('survives an updater that cannot be created (e.g. a broken app-update.yml)', () => {
    const timers = new FakeTimers();
    const logger = new FakeLogger();
    const policy = createUpdatePolicy({
      eligibility: ENABLED,
      createUpdater: () => {
        throw new Error('ENOENT app-update.yml');
      },
      jobs: new FakeJobs(),
      timers,
      notifier: new FakeNotifier(),
      logger,
    });
    expect(() => policy.start()).not.toThrow();
    expect(timers.all).toEqual([]);
    expect(logger.warnings).toEqual(['Auto-update could not start']);
    expect(policy.requestInstall()).toBe('no-update');
  });

  it('does not let a failing window notifier reach electron-updater', () => {
    const { policy, updater, notifier, logger } = setup();
    notifier.status = () => {
      throw new Error('Object has been destroyed');
    };
    policy.start();
    expect(() => updater.emit.downloaded({ version: '1.2.0' })).not.toThrow();
    expect(logger.warnings).toContain('Could not send the update status to the window');
    expect(policy.requestInstall()).toBe('installing');
  });
});

describe('describeUpdateError', () => {
  it('puts common failures into one plain sentence', () => {
    expect(describeUpdateError(new Error('connect ETIMEDOUT 140.82.112.3:443'))).toMatch(/Could not reach/);
    expect(describeUpdateError(new Error('Cannot find latest.yml in the latest release artifacts'))).toMatch(
      /No published update/,
    );
    expect(
      describeUpdateError(new Error('New version 1.2.0 is not signed by the application owner: publisherName: Acme')),
    ).toMatch(/signature/);
    expect(describeUpdateError('weird')).toMatch(/^Checking for updates failed/);
  });
});
