import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobProgress, JobSummary } from '../../../shared/domain/job.js';
import { standin, type StandinBrowserWindow } from '../../electron-standin/electron.js';
import { resetStandinUpdater, standinUpdater } from '../../electron-standin/electron-updater.js';

/**
 * The real Electron glue — main/electron/main.ts and everything it wires — run against the
 * event-accurate stand-in in test/electron-standin/ (what it models, with Electron's docs, is at the
 * top of electron.ts). Only main's services are replaced: a queue whose jobs the test sets.
 */
vi.mock('electron', () => import('../../electron-standin/electron.js'));
vi.mock('electron-updater', () => import('../../electron-standin/electron-updater.js'));
vi.mock('../../../main/core/create-core.js', () => ({
  createCore: async (options: unknown) => {
    const g = globalThis as unknown as { __fakeServices: unknown; __servicesOptions: unknown };
    g.__servicesOptions = options;
    return g.__fakeServices;
  },
  SANDBOX_PORT: 0,
}));
// The window's front end on that core: its event hub and the update port the glue plugs in.
vi.mock('../../../main/ipc/ipc-adapter.js', () => ({
  createIpcAdapter: () => (globalThis as unknown as { __fakeServices: unknown }).__fakeServices,
}));

/** The parts of the job queue the glue looks at: what is sending, and progress events. */
class FakeQueue {
  private readonly byId = new Map<string, JobSummary>();
  private readonly listeners = new Set<(p: JobProgress) => void>();
  listJobs(): JobSummary[] {
    return [...this.byId.values()];
  }
  onProgress(listener: (p: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onJobsChanged(): () => void {
    return () => undefined;
  }
  notifyOnline(): void {}
  /** A job with rows still to send is on its way. */
  sending(id = 'j1', name = 'Branch list'): void {
    this.set(id, name, 'sending', { total: 40, saved: 10, failed: 0, invalid: 0, skipped: 0, pending: 30 });
  }
  done(id = 'j1', name = 'Branch list'): void {
    this.set(id, name, 'done', { total: 40, saved: 40, failed: 0, invalid: 0, skipped: 0, pending: 0 });
  }
  private set(id: string, name: string, state: JobSummary['state'], counts: JobSummary['counts']): void {
    const now = new Date().toISOString();
    this.byId.set(id, {
      id,
      name,
      site: 'https://acme.example',
      createdAt: now,
      updatedAt: now,
      state,
      counts,
      batchesTotal: 4,
      batchesDone: 1,
    });
    const progress: JobProgress = { jobId: id, state, counts, batch: 1, batches: 4, rate: 0, etaSeconds: null };
    for (const l of [...this.listeners]) l(progress);
  }
}

interface Booted {
  queue: FakeQueue;
  closes: number;
  updates: { checkNow(): Promise<void>; requestInstall(): string } | undefined;
}

let dataDir: string;
const savedEnv = { ...process.env };

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Starts main.ts fresh on a fresh stand-in and waits until its window is up. */
async function bootMain(options: { packaged?: boolean } = {}): Promise<Booted> {
  standin.reset();
  resetStandinUpdater();
  standin.app.isPackaged = options.packaged ?? false;
  const booted: Booted = { queue: new FakeQueue(), closes: 0, updates: undefined };
  const { createEventHub } = await import('../../../main/ipc/event-hub.js');
  (globalThis as unknown as { __fakeServices: unknown }).__fakeServices = {
    handlers: {},
    events: createEventHub(),
    jobs: booted.queue,
    setUpdatePort(port: Booted['updates']) {
      booted.updates = port;
    },
    dispose() {},
    async close() {
      booted.closes += 1;
    },
  };
  vi.resetModules();
  await import('../../../main/electron/main.js');
  standin.app.fireReady();
  await flush();
  expect(standin.windows).toHaveLength(1);
  return booted;
}

function theWindow(): StandinBrowserWindow {
  const win = standin.windows[0];
  if (!win) throw new Error('no window');
  return win;
}

/** The one question on screen, after the glue had time to ask it. */
async function question(): Promise<(typeof standin.messageBoxes)[number]> {
  await flush();
  expect(standin.messageBoxes).toHaveLength(1);
  return standin.messageBoxes[0]!;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'wasp-glue-'));
  process.env['WASP_PHONES_DATA'] = dataDir;
  // An AppImage path makes a packaged build eligible for updates on this Linux machine.
  process.env['APPIMAGE'] = join(dataDir, 'Wasp.AppImage');
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Electron lifecycle on the stand-in', () => {
  it('quits at once when nothing is sending: no question, services closed, the app ends', async () => {
    const booted = await bootMain();
    theWindow().close();
    await flush();
    expect(standin.messageBoxes).toHaveLength(0);
    expect(booted.closes).toBe(1);
    expect(standin.app.exited).toBe(true);
  });

  it("sends API calls through Electron's net.fetch (Chromium's network stack: system proxy, OS certificates)", async () => {
    await bootMain();
    const options = (globalThis as unknown as { __servicesOptions: { fetch?: typeof fetch } }).__servicesOptions;
    expect(options.fetch).toBeTypeOf('function');
    const res = await options.fetch!(new URL('https://acme.example/public-api/phones/customer/save'), {
      method: 'POST',
      body: '[]',
    });
    expect(res.status).toBe(200);
    expect(standin.netFetches).toEqual(['https://acme.example/public-api/phones/customer/save']);
  });

  it("exposes main's services to the E2E Electron driver only when unpackaged and asked to (WASP_E2E_HOOKS=1)", async () => {
    const g = globalThis as unknown as { __waspE2E?: unknown };
    process.env['WASP_E2E_HOOKS'] = '1';
    try {
      await bootMain({ packaged: true });
      expect(g.__waspE2E).toBeUndefined();
      const booted = await bootMain({ packaged: false });
      expect(g.__waspE2E).toEqual({ services: expect.objectContaining({ jobs: booted.queue }) as unknown });
    } finally {
      delete g.__waspE2E;
    }
  });

  it('has one before-quit listener in main/electron/', async () => {
    await bootMain({ packaged: true });
    expect(standin.app.listenerCount('before-quit')).toBe(1);
  });

  it('a quit cancelled mid-send leaves the updater working: checks still run and "Restart to update" installs', async () => {
    const booted = await bootMain({ packaged: true });
    booted.queue.sending();
    standin.app.quit();
    (await question()).answer('Cancel');
    await flush();
    expect(standin.app.exited).toBe(false);

    const before = standinUpdater().checks;
    await booted.updates!.checkNow();
    expect(standinUpdater().checks).toBe(before + 1);

    booted.queue.done();
    standinUpdater().emit('update-downloaded', { version: '1.4.0' });
    expect(booted.updates!.requestInstall()).toBe('installing');
    expect(standinUpdater().installs).toHaveLength(1);
    await flush();
    expect(standin.app.exited).toBe(true);
  });

  it('asks without a parent while the window is hidden, so the question can be answered (macOS sheet on a hidden window)', async () => {
    const booted = await bootMain();
    booted.queue.sending();
    theWindow().close();
    (await question()).answer('Keep sending in the background');
    await flush();
    expect(theWindow().isVisible()).toBe(false);

    standin.app.quit(); // Quit from the Dock or the menu while the window is hidden.
    const box = await question();
    expect(box.parent).toBeNull();
    box.answer('Stop and quit');
    await flush();
    expect(standin.app.exited).toBe(true);
    expect(booted.closes).toBe(1);
  });

  it.each([
    ['a second launch', () => standin.app.secondInstance()],
    ['the Dock icon', () => standin.app.activate()],
    ['the finished-job notification', 'notification'],
  ] as const)(
    'a window shown again by %s asks again when closed mid-send, and Cancel keeps it',
    async (_how, reshow) => {
      const booted = await bootMain();
      booted.queue.sending();
      theWindow().blur();
      theWindow().close();
      (await question()).answer('Keep sending in the background');
      await flush();
      expect(theWindow().isVisible()).toBe(false);

      if (reshow === 'notification') {
        // Another, long job ends while this one still sends: its notification is clicked.
        const clock = vi.spyOn(Date, 'now');
        clock.mockReturnValue(1_000_000);
        booted.queue.sending('j2', 'Second list');
        clock.mockReturnValue(1_000_000 + 60_000);
        booted.queue.done('j2', 'Second list');
        clock.mockRestore();
        expect(standin.notifications).toHaveLength(1);
        standin.notifications[0]!.emit('click');
      } else reshow();
      await flush();
      expect(theWindow().isVisible()).toBe(true);

      theWindow().close();
      const box = await question();
      expect(box.options.buttons).toContain('Keep sending in the background');
      box.answer('Cancel');
      await flush();
      expect(standin.windows).toHaveLength(1);
      expect(theWindow().isVisible()).toBe(true);
      expect(standin.app.exited).toBe(false);
    },
  );

  it('a window that is gone while sending (destroyed) leads to the quit question; Cancel brings a new window', async () => {
    const booted = await bootMain();
    booted.queue.sending();
    theWindow().destroy(); // e.g. the window went away without a close event
    const box = await question();
    expect(box.options.buttons).toEqual(['Stop and quit', 'Cancel']);
    box.answer('Cancel');
    await flush();
    expect(standin.app.exited).toBe(false);
    expect(standin.windows).toHaveLength(1);
    expect(theWindow().isVisible()).toBe(true); // shown by ready-to-show
  });

  it('while the quit question is open, closing the window keeps it; Cancel leaves the app as it was', async () => {
    const booted = await bootMain();
    booted.queue.sending();
    standin.app.quit();
    const box = await question();
    theWindow().close();
    expect(theWindow().isDestroyed()).toBe(false);
    box.answer('Cancel');
    await flush();
    expect(standin.messageBoxes).toHaveLength(0);
    expect(theWindow().isVisible()).toBe(true);
    expect(standin.app.exited).toBe(false);
  });

  it('sending in the background: the app quits by itself when the queue is done, without asking', async () => {
    const booted = await bootMain({ packaged: true });
    booted.queue.sending();
    theWindow().close();
    (await question()).answer('Keep sending in the background');
    await flush();
    booted.queue.done();
    await flush();
    expect(standin.messageBoxes).toHaveLength(0);
    expect(booted.closes).toBe(1);
    expect(standin.app.exited).toBe(true);
  });

  it('a failed install does not leave quitting allowed: closing the window mid-send still asks', async () => {
    const booted = await bootMain({ packaged: true });
    standinUpdater().installError = new Error('Squirrel.Mac: the update could not be applied');
    standinUpdater().emit('update-downloaded', { version: '1.4.0' });
    booted.updates!.requestInstall();
    await flush();
    expect(standinUpdater().installs).toHaveLength(1);
    expect(standin.app.exited).toBe(false);

    booted.queue.sending();
    theWindow().close();
    const box = await question();
    expect(box.options.message).toContain('still sending');
    box.answer('Cancel');
    await flush();
    expect(theWindow().isDestroyed()).toBe(false);
  });

  it('a failed download is handled, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const booted = await bootMain({ packaged: true });
      const failed = new Error('HttpError: 503 downloading Wasp-1.4.0.zip');
      standinUpdater().nextCheck = () =>
        Promise.resolve({ updateInfo: { version: '1.4.0' }, downloadPromise: Promise.reject(failed) });
      await booted.updates!.checkNow();
      standinUpdater().emit('error', failed); // electron-updater also reports it as an event
      await flush();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
