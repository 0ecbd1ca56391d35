import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, keyringEnv, lastJson, runCli } from '../support/cli-runner.js';
import { KeytarCredentialStore } from '../../main/credentials/credential-store.js';
import { startSimulator, type Simulator } from '../../main/simulator/simulator.js';
import { writeSheet } from '../support/cli-fixtures.js';
import type { JsonSummary } from '../../main/cli/json-summary.js';

/*
 * Issue 14, item 1, on the real keychain: `resume` without --site in a folder with jobs for two sites
 * sends the jobs of the site whose token is in the keychain, never hands WASP_TOKEN to either, and
 * ends with exit 3 naming the site that had no token.
 */

const KEYCHAIN_TOKEN = 'tok-keychain-site-91ab';
const ENV_TOKEN = 'tok-env-other-tenant-77cd';
let dataDir: string;
let withToken: Simulator;
let without: Simulator;

beforeAll(async () => {
  await buildCli();
  dataDir = await mkdtemp(join(tmpdir(), 'wasp-cli-sites-'));
  withToken = await startSimulator({ tokens: [KEYCHAIN_TOKEN] });
  // Accepts WASP_TOKEN too, so a leak would show up as saved rows, not only as calls.
  without = await startSimulator({ tokens: [ENV_TOKEN, KEYCHAIN_TOKEN] });
});
afterAll(async () => {
  await new KeytarCredentialStore().delete(new URL(withToken.url).origin).catch(() => undefined);
  await withToken.close();
  await without.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('resume across sites with keychain tokens', () => {
  it("sends the keychain site's jobs, leaves the other queued, exits 3 naming it; WASP_TOKEN reaches neither", async () => {
    await new KeytarCredentialStore().set(new URL(withToken.url).origin, KEYCHAIN_TOKEN);
    for (const [s, p] of [
      [withToken, 'K'],
      [without, 'W'],
    ] as const) {
      const rows = [
        ['Customer Number', 'Phone', 'Phone Type'],
        ...[0, 1, 2].map((i) => [`${p}${i}`, `555-040-000${i}`, 'Office']),
      ];
      const file = await writeSheet(dataDir, `${p}.xlsx`, { Phones: rows });
      const q = await runCli(['import', file, '--queue-only', '--site', s.url, '--data-dir', dataDir], {
        ...keyringEnv(),
        WASP_TOKEN: ENV_TOKEN,
      });
      expect(q.code, q.stderr).toBe(0);
    }
    const r = await runCli(['resume', '--json', '--data-dir', dataDir], { ...keyringEnv(), WASP_TOKEN: ENV_TOKEN });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`no token for ${new URL(without.url).origin}`);
    expect(r.stderr).not.toContain(`no token for ${new URL(withToken.url).origin}`);
    expect(withToken.savedCount()).toBe(3);
    expect(without.inspect().calls).toBe(0);
    expect(lastJson<JsonSummary>(r.stdout)).toMatchObject({ total: 6, saved: 3, pending: 3 });
  });
});
