import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/domain/app-error.js';
import { MemoryCredentialStore, type CredentialStore } from '../../../main/credentials/credential-store.js';
import {
  ConnectionViewSchema,
  ConnectionsService,
  type SandboxConnection,
} from '../../../main/credentials/connections-service.js';
import { SiteRegistry } from '../../../main/credentials/site-registry.js';
import { filesContaining, makeTempDir, removeDir } from './fs-helpers.js';
import { caught } from '../../support/caught.js';

const ACME = 'https://acme.waspinventorycloud.com';
const TEST = 'https://acme-test.waspinventorycloud.com';
const SANDBOX: SandboxConnection = { site: 'http://127.0.0.1:47123', token: 'sandbox-token' };
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.Zm9vYmFyYmF6';

let dir: string;
let store: MemoryCredentialStore;
let clock: Date;
beforeEach(async () => {
  dir = await makeTempDir();
  store = new MemoryCredentialStore();
  clock = new Date('2025-03-01T10:00:00.000Z');
});
afterEach(async () => {
  await removeDir(dir);
});

function service(options: { sandbox?: SandboxConnection; store?: CredentialStore } = {}): ConnectionsService {
  return new ConnectionsService({
    registry: new SiteRegistry(dir),
    store: options.store ?? store,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    now: () => clock,
  });
}

/** A store whose every call fails the way keytar does when no Secret Service runs. */
class BrokenStore implements CredentialStore {
  async get(): Promise<string | null> {
    throw new AppError(
      'keychain',
      'The API token could not be read from the system keychain: no Secret Service is reachable.',
    );
  }
  async set(): Promise<void> {
    throw new AppError(
      'keychain',
      'The API token could not be saved in the system keychain: no Secret Service is reachable.',
    );
  }
  async delete(): Promise<boolean> {
    throw new AppError(
      'keychain',
      'The API token could not be removed from the system keychain: no Secret Service is reachable.',
    );
  }
}

describe('ConnectionsService', () => {
  it('lists exactly the view fields, never the token', async () => {
    const svc = service({ sandbox: SANDBOX });
    await svc.saveToken(`${ACME}/dashboard`, `  Bearer ${TOKEN}\n`, { label: 'Production' });
    const list = await svc.list();
    expect(list).toEqual([
      {
        site: ACME,
        label: 'Production',
        hasToken: true,
        lastVerifiedAt: null,
        lastResult: null,
        isSandbox: false,
        isDefault: false,
      },
      {
        site: SANDBOX.site,
        label: 'Sandbox',
        hasToken: true,
        lastVerifiedAt: null,
        lastResult: null,
        isSandbox: true,
        isDefault: true,
      },
    ]);
    await svc.recordVerification(ACME, 'ok', 'Connected.');
    for (const view of await svc.list()) {
      expect(ConnectionViewSchema.strict().safeParse(view).success).toBe(true);
      for (const key of Object.keys(view)) expect(Object.keys(ConnectionViewSchema.shape)).toContain(key);
    }
    expect(JSON.stringify(list)).not.toContain(TOKEN);
    expect(JSON.stringify(list)).not.toContain('sandbox-token');
  });

  it('stores the cleaned token under the site origin and hands it to the sender', async () => {
    const svc = service();
    const view = await svc.saveToken(`${ACME}/some/page?x=1`, `Bearer ${TOKEN}  `);
    expect(view.site).toBe(ACME);
    expect(view.label).toBe('acme.waspinventorycloud.com');
    expect(store.sites()).toEqual([ACME]);
    expect(await store.get(ACME)).toBe(TOKEN);
    expect(await svc.tokenFor(`${ACME}/anything`)).toBe(TOKEN);
  });

  it('never writes the token into the data folder, even when a message carries it', async () => {
    const svc = service({ sandbox: SANDBOX });
    await svc.saveToken(ACME, TOKEN, { label: 'Prod' });
    await svc.saveToken(TEST, `${TOKEN}-test`);
    await svc.setDefault(TEST);
    await svc.recordVerification(ACME, 'invalid-token', `Wasp answered 401 to Authorization: Bearer ${TOKEN}`);
    await svc.recordVerification(SANDBOX.site, 'ok');
    expect(await filesContaining(dir, TOKEN)).toEqual([]);
    expect(await filesContaining(dir, TOKEN.slice(0, 24))).toEqual([]);
    const view = (await svc.list()).find((v) => v.site === ACME);
    expect(view?.lastMessage).toBe('Wasp answered 401 to Authorization: Bearer [redacted]');
  });

  it('refuses a bad token or site before touching the keychain', async () => {
    const svc = service();
    expect((await caught(() => svc.saveToken(ACME, 'two words'))).kind).toBe('validation');
    expect((await caught(() => svc.saveToken('http://acme.waspinventorycloud.com', TOKEN))).message).toMatch(
      /https:\/\//,
    );
    expect((await caught(() => svc.saveToken('', TOKEN))).kind).toBe('validation');
    expect(store.sites()).toEqual([]);
    expect(await svc.list()).toEqual([]);
  });

  it('adds or renames a site without touching the keychain', async () => {
    const svc = service({ store: new BrokenStore() });
    expect(await svc.saveSite(`${TEST}/x`, { label: '  Test   tenant ' })).toMatchObject({
      site: TEST,
      label: 'Test tenant',
      hasToken: false,
    });
    expect((await caught(() => svc.saveSite(TEST, { label: 'x'.repeat(121) }))).kind).toBe('validation');
    expect((await svc.list()).map((v) => v.label)).toEqual(['Test tenant']);
  });

  it('a new token resets the last verification; removing it keeps the site', async () => {
    const svc = service();
    await svc.saveToken(ACME, TOKEN);
    await svc.recordVerification(ACME, 'forbidden', 'The token\'s user lacks "Update Customer".');
    let [view] = await svc.list();
    expect(view).toMatchObject({
      lastResult: 'forbidden',
      lastVerifiedAt: '2025-03-01T10:00:00.000Z',
      lastMessage: 'The token\'s user lacks "Update Customer".',
    });

    clock = new Date('2025-03-02T10:00:00.000Z');
    await svc.saveToken(ACME, `${TOKEN}2`);
    [view] = await svc.list();
    expect(view).toMatchObject({ hasToken: true, lastResult: null, lastVerifiedAt: null });
    expect(view).not.toHaveProperty('lastMessage');

    expect(await svc.removeToken(ACME)).toBe(true);
    expect(await svc.removeToken(ACME)).toBe(false);
    [view] = await svc.list();
    expect(view).toMatchObject({ site: ACME, hasToken: false });
    expect(store.sites()).toEqual([]);
  });

  it('removes a site together with its keychain entry and its default status', async () => {
    const svc = service();
    await svc.saveToken(ACME, TOKEN);
    await svc.saveToken(TEST, TOKEN);
    await svc.setDefault(ACME);
    await svc.removeSite(ACME);
    expect((await svc.list()).map((v) => v.site)).toEqual([TEST]);
    expect(store.sites()).toEqual([TEST]);
    // With one site left it becomes the default by itself.
    expect(await svc.defaultSite()).toBe(TEST);
  });

  it('keeps the site listed when the keychain cannot remove its token', async () => {
    await service().saveToken(ACME, TOKEN);
    const broken = service({ store: new BrokenStore() });
    expect((await caught(() => broken.removeSite(ACME))).kind).toBe('keychain');
    expect((await broken.list()).map((v) => v.site)).toEqual([ACME]);
  });

  it('records nothing when the keychain cannot save: no fallback, the keychain error reaches the caller', async () => {
    const broken = service({ store: new BrokenStore() });
    const e = await caught(() => broken.saveToken(ACME, TOKEN));
    expect(e.kind).toBe('keychain');
    expect(e.message).not.toContain(TOKEN);
    expect(await broken.list()).toEqual([]);
    expect(await filesContaining(dir, TOKEN)).toEqual([]);
  });

  it('lists sites even when the keychain is broken, because listing reads no secrets', async () => {
    await service().saveToken(ACME, TOKEN);
    const list = await service({ store: new BrokenStore(), sandbox: SANDBOX }).list();
    expect(list.map((v) => [v.site, v.hasToken])).toEqual([
      [ACME, true],
      [SANDBOX.site, true],
    ]);
  });

  describe('default site', () => {
    it('never guesses between several real tenants', async () => {
      const svc = service();
      expect(await svc.defaultSite()).toBeNull();
      await svc.saveToken(ACME, TOKEN);
      expect(await svc.defaultSite()).toBe(ACME);
      await svc.saveToken(TEST, TOKEN);
      expect(await svc.defaultSite()).toBeNull();
      expect((await svc.list()).some((v) => v.isDefault)).toBe(false);
      await svc.setDefault(TEST);
      expect((await svc.list()).filter((v) => v.isDefault).map((v) => v.site)).toEqual([TEST]);
    });

    it('falls back to the Sandbox, and refuses an unknown site', async () => {
      const svc = service({ sandbox: SANDBOX });
      await svc.saveToken(ACME, TOKEN);
      expect(await svc.defaultSite()).toBe(SANDBOX.site);
      const e = await caught(() => svc.setDefault('https://unknown.example'));
      expect(e.kind).toBe('not-found');
      await svc.setDefault(ACME);
      expect(await svc.defaultSite()).toBe(ACME);
    });
  });

  describe('Sandbox', () => {
    it('is always listed, cannot be removed, and its state is not persisted', async () => {
      const svc = service({ sandbox: { ...SANDBOX, label: 'Try it (Sandbox)' } });
      expect(await svc.list()).toEqual([
        expect.objectContaining({ site: SANDBOX.site, label: 'Try it (Sandbox)', isSandbox: true, isDefault: true }),
      ]);
      expect((await caught(() => svc.removeSite(SANDBOX.site))).kind).toBe('validation');
      await svc.recordVerification(SANDBOX.site, 'ok');
      expect((await svc.list())[0]).toMatchObject({ lastResult: 'ok' });
      // Next run, simulator on another port: no stale sandbox entry among the user's sites.
      const next = service({ sandbox: { site: 'http://127.0.0.1:50000' } });
      expect((await next.list()).map((v) => v.site)).toEqual(['http://127.0.0.1:50000']);
    });

    it('uses its built-in token unless the user saved another one', async () => {
      const svc = service({ sandbox: SANDBOX });
      expect(await svc.tokenFor(SANDBOX.site)).toBe('sandbox-token');
      await svc.saveToken(SANDBOX.site, 'wrong-token');
      expect(await svc.tokenFor(SANDBOX.site)).toBe('wrong-token');
    });

    it('works without a usable keychain, while real sites still get the keychain error', async () => {
      const svc = service({ sandbox: SANDBOX, store: new BrokenStore() });
      expect(await svc.tokenFor(SANDBOX.site)).toBe('sandbox-token');
      expect((await caught(() => svc.tokenFor(ACME))).kind).toBe('keychain');
    });
  });

  describe('tokenFor', () => {
    it('says "no token" as an auth error when none was ever saved', async () => {
      const e = await caught(() => service().tokenFor(ACME));
      expect(e.kind).toBe('auth');
      expect(e.message).toContain(`No API token is saved for ${ACME}`);
      expect(e.message).toContain(`wasp-phones login --site ${ACME}`);
    });

    it('says the keychain lost or locked it when one was saved but the keychain returns none', async () => {
      const svc = service();
      await svc.saveToken(ACME, TOKEN);
      await store.delete(ACME); // what a locked GNOME keyring looks like to keytar: "nothing stored"
      const e = await caught(() => svc.tokenFor(ACME));
      expect(e.kind).toBe('keychain');
      expect(e.message).toMatch(/saved on 2025-03-01.*keyring may be locked/);
    });

    it('reads a token stored by another data folder (e.g. wasp-phones login) from the keychain', async () => {
      await store.set(ACME, TOKEN);
      expect(await service().tokenFor(ACME)).toBe(TOKEN);
    });
  });

  it('records a verification for a site not listed yet (e.g. a CLI run), refusing unknown results', async () => {
    const svc = service();
    await svc.recordVerification(TEST, 'network', 'Wasp could not be reached.');
    expect(await svc.list()).toEqual([expect.objectContaining({ site: TEST, hasToken: false, lastResult: 'network' })]);
    await expect(svc.recordVerification(TEST, 'bogus' as never)).rejects.toThrow();
  });
});
