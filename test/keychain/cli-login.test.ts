import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, keyringEnv, runCli } from '../support/cli-runner.js';
import { KeytarCredentialStore } from '../../main/credentials/credential-store.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { branchSheetFile } from '../support/branch-sheet.js';

const TOKEN = 'tok-CLI-login-7e51a2c9';
let dataDir: string;
let sim: Simulator;

beforeAll(async () => {
  await buildCli();
  dataDir = await mkdtemp(join(tmpdir(), 'wasp-cli-login-'));
  sim = await startSimulator({ tokens: [TOKEN] });
});
afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('wasp-phones login / logout on the real keychain', () => {
  it('login reads the token from stdin into the keychain entry the app uses; import then sends with it; logout removes it', async () => {
    const login = await runCli(
      ['login', '--site', `${sim.url}/some/page?x=1`, '--data-dir', dataDir],
      keyringEnv(),
      `${TOKEN}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout + login.stderr).not.toContain(TOKEN);
    // The same entry the app reads: service "Wasp Phone Importer", account = the site's origin.
    expect(await new KeytarCredentialStore().get(sim.url)).toBe(TOKEN);

    const file = await branchSheetFile(dataDir, 6);
    const sent = await runCli(['import', file, '--site', sim.url, '--data-dir', dataDir, '--json'], keyringEnv());
    expect(sent.code, sent.stderr).toBe(0);
    expect(sim.savedCount()).toBe(6);

    const logout = await runCli(['logout', '--site', sim.url, '--data-dir', dataDir], keyringEnv());
    expect(logout.code).toBe(0);
    expect(await new KeytarCredentialStore().get(sim.url)).toBeNull();
    const again = await runCli(['import', file, '--site', sim.url, '--data-dir', dataDir], keyringEnv());
    expect(again.code).toBe(3);

    // Nothing in the data folder holds the token.
    const files = (await readdir(dataDir, { recursive: true })).map((f) => join(dataDir, String(f)));
    for (const f of files) {
      const text = await readFile(f).catch(() => Buffer.alloc(0));
      expect(text.includes(Buffer.from(TOKEN)), f).toBe(false);
    }
  });
});
