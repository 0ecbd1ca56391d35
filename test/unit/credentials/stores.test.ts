import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/domain/app-error.js';
import { EnvOverrideCredentialStore, MemoryCredentialStore } from '../../../main/credentials/credential-store.js';

const A = 'https://a.example';
const B = 'https://b.example';

describe('MemoryCredentialStore', () => {
  it('sets, replaces, reads and deletes per site', async () => {
    const store = new MemoryCredentialStore();
    expect(await store.get(A)).toBeNull();
    await store.set(A, 't1');
    await store.set(A, 't2');
    await store.set(B, 'tb');
    expect(await store.get(A)).toBe('t2');
    expect(await store.delete(A)).toBe(true);
    expect(await store.delete(A)).toBe(false);
    expect(await store.get(B)).toBe('tb');
  });
});

describe('EnvOverrideCredentialStore', () => {
  it('answers the env token for its own site only; other sites read the inner store', async () => {
    const inner = new MemoryCredentialStore();
    await inner.set(A, 'from-keychain');
    await inner.set(B, 'b-from-keychain');
    const store = new EnvOverrideCredentialStore(inner, '  Bearer env-token \n', A);
    expect(await store.get(A)).toBe('env-token');
    expect(await store.get(B)).toBe('b-from-keychain');
    expect(await new EnvOverrideCredentialStore(new MemoryCredentialStore(), 'env-token', A).get(B)).toBeNull();
  });

  it('unbound, it answers from the wrapped store for every site; bound later, for that site only', async () => {
    const inner = new MemoryCredentialStore();
    await inner.set(A, 'from-keychain');
    const store = new EnvOverrideCredentialStore(inner, 'env-token');
    expect(await store.get(A)).toBe('from-keychain');
    expect(await store.get(B)).toBeNull();
    store.bind(B);
    expect(await store.get(B)).toBe('env-token');
    expect(await store.get(A)).toBe('from-keychain');
  });

  it('never writes the env token; writes and deletes go to the wrapped store', async () => {
    const inner = new MemoryCredentialStore();
    const store = new EnvOverrideCredentialStore(inner, 'env-token', A);
    await store.get(A);
    expect(inner.sites()).toEqual([]);
    await store.set(A, 'typed-token');
    expect(await inner.get(A)).toBe('typed-token');
    expect(await store.get(A)).toBe('env-token');
    expect(await store.delete(A)).toBe(true);
    expect(inner.sites()).toEqual([]);
  });

  it('works on a machine whose keychain is unusable', async () => {
    const broken = {
      get: () => Promise.reject(new AppError('keychain', 'no Secret Service')),
      set: () => Promise.reject(new AppError('keychain', 'no Secret Service')),
      delete: () => Promise.reject(new AppError('keychain', 'no Secret Service')),
    };
    expect(await new EnvOverrideCredentialStore(broken, 'env-token', A).get(A)).toBe('env-token');
  });

  it('refuses an unusable WASP_TOKEN with a message naming the variable, not the value', () => {
    for (const bad of ['', '   ', 'two words']) {
      let error: unknown;
      try {
        new EnvOverrideCredentialStore(new MemoryCredentialStore(), bad, A);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).kind).toBe('validation');
      expect((error as AppError).message).toMatch(/^WASP_TOKEN is not usable/);
      expect((error as AppError).message).not.toContain('two words');
    }
  });
});
