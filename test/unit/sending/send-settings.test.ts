import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCoreWithIpc, type CoreWithIpc } from '../../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { SEND_SETTINGS_FILE_NAME } from '../../../main/settings/send-settings-store.js';
import { tempDir } from '../../support/sending-fixtures.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let app: CoreWithIpc | undefined;
beforeEach(async () => {
  dir = await tempDir('wasp-send-settings-');
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await dir.remove();
});

const open = async () =>
  (app = await openCoreWithIpc({ dataDir: dir.path, credentials: new MemoryCredentialStore(), sandbox: false }));

describe('the send setting', () => {
  it('defaults to 4 calls in flight, is saved, and applies to the queue and the next start', async () => {
    let a = await open();
    expect(await a.handlers.getSendSettings(undefined, { frameUrl: '', isMainFrame: true })).toEqual({
      maxParallel: 4,
    });
    expect(await a.handlers.setSendSettings({ maxParallel: 1 }, { frameUrl: '', isMainFrame: true })).toEqual({
      maxParallel: 1,
    });
    expect(a.jobs.maxParallel).toBe(1);
    await a.close();
    a = await open();
    expect(a.jobs.maxParallel).toBe(1);
  });

  it('a damaged settings file means the defaults, not a crash', async () => {
    await writeFile(join(dir.path, SEND_SETTINGS_FILE_NAME), '{"version":1,"maxParallel":99}');
    const a = await open();
    expect(a.jobs.maxParallel).toBe(4);
  });
});
