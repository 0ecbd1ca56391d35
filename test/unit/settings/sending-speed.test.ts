import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCoreWithIpc, windowInvoke, type CoreWithIpc } from '../../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import type { Result } from '../../../shared/domain/app-error.js';
import type { SendSettingsView } from '../../../shared/ipc/contract.js';
import { SendingSpeedState, type SendSettingsPort } from '../../../renderer/src/lib/sending-speed.svelte.js';
import { tempDir } from '../../support/sending-fixtures.js';
import { CLONE_ERROR } from '../../harness/electron-clone.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let app: CoreWithIpc;
const open = () =>
  openCoreWithIpc({ dataDir: dir.path, credentials: new MemoryCredentialStore(), autoStart: false, watchQueue: false });

/** The setting's two channels through main's real dispatcher (sender and schema checks), cloned as Electron's IPC would. */
function port(): SendSettingsPort {
  const invoke = windowInvoke(app);
  return {
    getSendSettings: () => invoke('getSendSettings', undefined) as Promise<Result<SendSettingsView>>,
    setSendSettings: (r) => invoke('setSendSettings', r) as Promise<Result<SendSettingsView>>,
  };
}

beforeEach(async () => {
  dir = await tempDir('wasp-speed-');
  app = await open();
});
afterEach(async () => {
  await app.close();
  await dir.remove();
});

describe('Sending speed setting', () => {
  it('a reactive proxy is refused before it reaches main, as Electron refuses it (the harness is not kinder)', async () => {
    // Svelte 5's $state objects are Proxies: Electron's contextBridge cannot clone them.
    const invoke = windowInvoke(app);
    expect(() => invoke('setSendSettings', new Proxy({ maxParallel: 1 }, {}))).toThrow(CLONE_ERROR);
    expect((await invoke('setSendSettings', { maxParallel: 1 })).ok).toBe(true);
  });

  it('starts adaptive (up to 4 calls), switches to one call at a time in main, and is kept for the next start', async () => {
    const s = new SendingSpeedState(port());
    await s.load();
    expect(s.speed).toBe('adaptive');
    expect(s.maxParallel).toBe(4);

    await s.choose('one-at-a-time');
    expect(s.error).toBeNull();
    expect(s.speed).toBe('one-at-a-time');
    expect(s.saved).toMatch(/one call to Wasp at a time/);
    // Main's queue sends the next job with it, and it is on disk.
    expect(app.jobs.maxParallel).toBe(1);
    expect(JSON.parse(await readFile(join(dir.path, 'send-settings.json'), 'utf8'))).toMatchObject({ maxParallel: 1 });

    await app.close();
    app = await open();
    const again = new SendingSpeedState(port());
    await again.load();
    expect(again.speed).toBe('one-at-a-time');
    expect(app.jobs.maxParallel).toBe(1);

    await again.choose('adaptive');
    expect(again.maxParallel).toBe(4);
    expect(again.saved).toMatch(/up to 4 calls at once/);
    expect(app.jobs.maxParallel).toBe(4);
  });

  it('says so when main refuses the change, and keeps what is in force', async () => {
    const real = port();
    const s = new SendingSpeedState({
      getSendSettings: () => real.getSendSettings(),
      // An out-of-contract value, as a tampered page would send: main's schema check refuses it.
      setSendSettings: () => real.setSendSettings({ maxParallel: 9 }),
    });
    await s.load();
    await s.choose('one-at-a-time');
    expect(s.error).toMatch(/^The sending speed was not changed: /);
    expect(s.speed).toBe('adaptive');
    expect(app.jobs.maxParallel).toBe(4);
  });
});
