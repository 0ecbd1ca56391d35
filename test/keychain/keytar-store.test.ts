import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../main/credentials/credential-store.js';
import { ConnectionsService } from '../../main/credentials/connections-service.js';
import { SiteRegistry } from '../../main/credentials/site-registry.js';

/*
 * Against the real Secret Service that run.sh starts (GNOME Keyring on a private session bus).
 * Every test uses its own random site origins and removes what it stored, so the keyring can be shared.
 */

if (!process.env['DBUS_SESSION_BUS_ADDRESS']) {
  throw new Error('No D-Bus session: run these tests through test/keychain/run.sh, not directly.');
}

const SERVICE = 'Wasp Phone Importer';
const store = new KeytarCredentialStore();
const created: string[] = [];

function site(name = 'tenant'): string {
  const origin = `https://${name}-${randomBytes(4).toString('hex')}.waspinventorycloud.com`;
  created.push(origin);
  return origin;
}

afterAll(async () => {
  for (const origin of created) await store.delete(origin).catch(() => undefined);
});

/** Runs secret-tool (libsecret-tools), the reference client, to see what really sits in the keyring. */
function secretTool(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('secret-tool', args, { encoding: 'utf8', input: '', timeout: 30_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Items secret-tool finds for service + account, as attribute maps (search prints them on stdout or stderr by version). */
function itemsFor(account: string): Array<Record<string, string>> {
  const r = secretTool('search', '--all', 'service', SERVICE, 'account', account);
  const items: Array<Record<string, string>> = [];
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    if (line.startsWith('[')) items.push({});
    const m = /^(\S+) = (.*)$/.exec(line);
    const current = items[items.length - 1];
    if (m && current) current[m[1] as string] = m[2] as string;
  }
  return items;
}

describe('KeytarCredentialStore on a real Secret Service', () => {
  it('sets and reads back a token', async () => {
    const a = site();
    await store.set(a, 'first-token-value');
    expect(await store.get(a)).toBe('first-token-value');
  });

  it('stores one item with attributes service = product name, account = site origin', async () => {
    const a = site();
    await store.set(a, 'attribute-check-token');
    const items = itemsFor(a);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      'attribute.service': SERVICE,
      'attribute.account': a,
      label: `${SERVICE}/${a}`,
      secret: 'attribute-check-token',
    });
    // And the reference client reads the same secret keytar wrote.
    expect(secretTool('lookup', 'service', SERVICE, 'account', a).stdout).toBe('attribute-check-token');
  });

  it('replaces a token in place instead of adding a second item', async () => {
    const a = site();
    await store.set(a, 'old-token');
    await store.set(a, 'new-token');
    expect(await store.get(a)).toBe('new-token');
    expect(itemsFor(a)).toHaveLength(1);
  });

  it('deletes a token; a second delete and a read answer "nothing there"', async () => {
    const a = site();
    await store.set(a, 'to-be-deleted');
    expect(await store.delete(a)).toBe(true);
    expect(await store.get(a)).toBeNull();
    expect(await store.delete(a)).toBe(false);
    expect(itemsFor(a)).toHaveLength(0);
  });

  it('keeps two sites side by side, independently', async () => {
    const prod = site('prod');
    const test = site('test');
    await store.set(prod, 'token-for-prod');
    await store.set(test, 'token-for-test');
    expect(await store.get(prod)).toBe('token-for-prod');
    expect(await store.get(test)).toBe('token-for-test');
    await store.set(test, 'token-for-test-2');
    expect(await store.get(prod)).toBe('token-for-prod');
    expect(await store.delete(prod)).toBe(true);
    expect(await store.get(prod)).toBeNull();
    expect(await store.get(test)).toBe('token-for-test-2');
  });

  it('answers null for a site that never had a token', async () => {
    expect(await store.get(site('never'))).toBeNull();
  });

  it.each([
    [
      'JWT-like',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['shell and JSON metacharacters', `a"b'c\\d$e\`f{g}h[i]j;k|l&m<n>o%p!q#r*s?t~u^v=w+x/y:z@`],
    ['unicode and emoji', 'tökén-ключ-令牌-🔑-\u00e9\u0301'],
    ['spaces, tab and newline (the store keeps what it is given)', ' leading and\ttrailing \n'],
    ['4096 characters', 'x'.repeat(4_095) + 'y'],
  ])('round-trips a token with %s', async (_name, token) => {
    const a = site('special');
    await store.set(a, token);
    expect(await store.get(a)).toBe(token);
  });

  it('a site URL with a port and one with a path are distinct accounts only by origin', async () => {
    const a = `https://port-${randomBytes(4).toString('hex')}.example:8443`;
    created.push(a);
    await store.set(a, 'port-token');
    expect(await store.get(a)).toBe('port-token');
    expect(await store.get(a.replace(':8443', ''))).toBeNull();
  });
});

describe('ConnectionsService over the real keychain', () => {
  it('saves, hands out and removes a token, and the data folder never holds it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wasp-keychain-data-'));
    try {
      const a = site('svc');
      const token = `svc-${randomBytes(24).toString('hex')}`;
      const svc = new ConnectionsService({ registry: new SiteRegistry(dataDir), store });
      await svc.saveToken(`${a}/dashboard`, `Bearer ${token}`, { label: 'Production' });
      expect(await svc.tokenFor(a)).toBe(token);
      expect(await store.get(a)).toBe(token);
      await svc.recordVerification(a, 'ok');
      const list = await svc.list();
      expect(list).toEqual([expect.objectContaining({ site: a, hasToken: true, lastResult: 'ok' })]);
      expect(JSON.stringify(list)).not.toContain(token);
      for (const name of await readdir(dataDir, { recursive: true })) {
        const content = await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0));
        expect(content.includes(Buffer.from(token))).toBe(false);
      }
      await svc.removeSite(a);
      expect(await store.get(a)).toBeNull();
      expect(itemsFor(a)).toHaveLength(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
