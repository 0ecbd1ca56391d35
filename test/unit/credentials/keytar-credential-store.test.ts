import { describe, expect, it } from 'vitest';
import { KeytarCredentialStore, type KeytarApi } from '../../../main/credentials/credential-store.js';
import { classifyKeychainError } from '../../../main/credentials/keychain-errors.js';
import { caught } from '../../support/caught.js';

const SITE = 'https://acme.waspinventorycloud.com';
const TOKEN = 'tok-0123456789abcdef';

/** A keytar stand-in: a map, plus an optional failure every call throws. */
function fakeKeytar(failure?: string): KeytarApi & { calls: string[]; entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const fail = () => {
    if (failure !== undefined) throw new Error(failure);
  };
  return {
    calls,
    entries,
    async getPassword(service, account) {
      calls.push(`get ${service} ${account}`);
      fail();
      return entries.get(`${service}|${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      calls.push(`set ${service} ${account}`);
      fail();
      entries.set(`${service}|${account}`, password);
    },
    async deletePassword(service, account) {
      calls.push(`delete ${service} ${account}`);
      fail();
      return entries.delete(`${service}|${account}`);
    },
  };
}

describe('KeytarCredentialStore', () => {
  it('uses service = product name and account = site origin', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarCredentialStore({ load: async () => keytar });
    await store.set(SITE, TOKEN);
    expect(await store.get(SITE)).toBe(TOKEN);
    expect(await store.delete(SITE)).toBe(true);
    expect(keytar.calls).toEqual([
      `set Wasp Phone Importer ${SITE}`,
      `get Wasp Phone Importer ${SITE}`,
      `delete Wasp Phone Importer ${SITE}`,
    ]);
  });

  it('loads keytar lazily, once, and only when a token is first needed', async () => {
    let loads = 0;
    const store = new KeytarCredentialStore({
      load: async () => {
        loads += 1;
        return fakeKeytar();
      },
    });
    expect(loads).toBe(0);
    await Promise.all([store.get(SITE), store.get(SITE), store.set(SITE, TOKEN)]);
    expect(loads).toBe(1);
  });

  it('turns a native module that will not load into a keychain error, and retries the load later', async () => {
    let attempt = 0;
    const store = new KeytarCredentialStore({
      platform: 'linux',
      load: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error("Cannot find module '../build/Release/keytar.node'");
        return fakeKeytar();
      },
    });
    const e = await caught(() => store.set(SITE, TOKEN));
    expect(e.kind).toBe('keychain');
    expect(e.message).toMatch(
      /^The API token could not be saved in the system keychain: the keychain module is not available\./,
    );
    expect(e.message).toMatch(/npm rebuild keytar/);
    expect(e.message).toMatch(/The token was not stored anywhere else\.$/);
    expect(e.detail).toContain('keytar.node');
    await store.set(SITE, TOKEN);
    expect(await store.get(SITE)).toBe(TOKEN);
  });

  it('names libsecret when the shared library is missing', async () => {
    const store = new KeytarCredentialStore({
      platform: 'linux',
      load: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
      },
    });
    const e = await caught(() => store.get(SITE));
    expect(e.kind).toBe('keychain');
    expect(e.message).toMatch(/libsecret library is not installed.*sudo apt install libsecret-1-0/);
  });

  it('explains a missing Secret Service on Linux with a fix', async () => {
    const store = new KeytarCredentialStore({
      platform: 'linux',
      load: async () => fakeKeytar('Cannot autolaunch D-Bus without X11 $DISPLAY'),
    });
    const e = await caught(() => store.set(SITE, TOKEN));
    expect(e.kind).toBe('keychain');
    expect(e.message).toMatch(/no Secret Service is reachable/);
    expect(e.message).toMatch(/GNOME Keyring/);
    expect(e.message).toMatch(/WASP_TOKEN/);
    expect(e.detail).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY');
  });

  it('points macOS users to Keychain Access and Windows users to Credential Manager', async () => {
    const mac = new KeytarCredentialStore({
      platform: 'darwin',
      load: async () => fakeKeytar('User canceled the operation.'),
    });
    expect((await caught(() => mac.get(SITE))).message).toMatch(/locked or access was refused.*Keychain Access/);
    const win = new KeytarCredentialStore({
      platform: 'win32',
      load: async () => fakeKeytar('The parameter is incorrect.'),
    });
    expect((await caught(() => win.delete(SITE))).message).toMatch(
      /^The API token could not be removed.*Credential Manager/,
    );
  });

  it('refuses a token too long for Windows Credential Manager before calling it', async () => {
    const keytar = fakeKeytar();
    const win = new KeytarCredentialStore({ platform: 'win32', load: async () => keytar });
    const e = await caught(() => win.set(SITE, 'x'.repeat(2_561)));
    expect(e.kind).toBe('keychain');
    expect(e.message).toMatch(/2,560 bytes/);
    expect(keytar.calls).toEqual([]);
  });

  it('never lets the token into the message or detail, even if the backend echoes it', async () => {
    const store = new KeytarCredentialStore({
      platform: 'linux',
      load: async () => fakeKeytar(`weird failure storing ${TOKEN}`),
    });
    const e = await caught(() => store.set(SITE, TOKEN));
    expect(JSON.stringify(e.toValue())).not.toContain(TOKEN);
    expect(e.detail).toBe('weird failure storing [redacted]');
  });
});

describe('classifyKeychainError', () => {
  // The texts below are what keytar 7.9 / libsecret printed on Debian 12 in each situation.
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-service'],
    ['Could not connect: No such file or directory', 'no-service'],
    ['Could not connect: Connection refused', 'no-service'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no-service'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no-keyring'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Cannot get secret of a locked object', 'locked'],
    ['The user name or passphrase you entered is not correct.', 'locked'],
    ['Something else entirely', 'other'],
  ] as const)('%s → %s', (message, problem) => {
    expect(classifyKeychainError(message, 'call')).toBe(problem);
  });

  it('treats any load failure as a missing module unless libsecret is named', () => {
    expect(
      classifyKeychainError(
        'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115',
        'load',
      ),
    ).toBe('module-missing');
    expect(classifyKeychainError('libsecret-1.so.0: cannot open shared object file', 'load')).toBe('libsecret-missing');
  });
});
