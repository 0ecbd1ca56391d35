import { AppError } from '../../shared/domain/app-error.js';
import { PRODUCT_NAME } from '../app-paths.js';
import type { CredentialStore } from './credential-store.js';
import { classifyKeychainError, keychainError, type KeychainOperation } from './keychain-errors.js';
import { errorText } from '../../shared/domain/app-error.js';

/** The three keytar calls this store uses. findCredentials is deliberately absent: on a locked
 * GNOME keyring keytar 7.9 crashes the process inside it (segfault, seen on Debian 12). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

/**
 * keytar is CommonJS with a native addon. A dynamic import() works from ESM (Node hands the CJS
 * module.exports over as `default`) and defers loading the .node file and libsecret until a token is
 * first needed, so an app or CLI run that never touches the keychain cannot fail because of it.
 */
export const loadKeytar: KeytarLoader = async () => {
  const mod: { default?: unknown } & Record<string, unknown> = await import('keytar');
  const api = (mod.default ?? mod) as Partial<KeytarApi>;
  if (
    typeof api.getPassword !== 'function' ||
    typeof api.setPassword !== 'function' ||
    typeof api.deletePassword !== 'function'
  ) {
    throw new Error('keytar loaded but does not export getPassword/setPassword/deletePassword');
  }
  return api as KeytarApi;
};

// CRED_MAX_CREDENTIAL_BLOB_SIZE: Windows refuses larger secrets with an unhelpful "parameter is incorrect".
const WINDOWS_MAX_SECRET_BYTES = 5 * 512;

export interface KeytarCredentialStoreOptions {
  /** Keychain service name; the product's name so users recognise the entries. */
  service?: string;
  load?: KeytarLoader;
  platform?: NodeJS.Platform;
}

/**
 * The OS keychain (Secret Service / macOS Keychain / Windows Credential Manager) through keytar:
 * service = product name, account = site origin. Every failure, including the native module not
 * loading, becomes an AppError of kind 'keychain' that says how to fix it. There is no fallback.
 */
export class KeytarCredentialStore implements CredentialStore {
  readonly service: string;
  private readonly load: KeytarLoader;
  private readonly platform: NodeJS.Platform;
  private api: Promise<KeytarApi> | null = null;

  constructor(options: KeytarCredentialStoreOptions = {}) {
    this.service = options.service ?? PRODUCT_NAME;
    this.load = options.load ?? loadKeytar;
    this.platform = options.platform ?? process.platform;
  }

  async get(site: string): Promise<string | null> {
    const api = await this.keytar('read');
    return this.call('read', undefined, () => api.getPassword(this.service, account(site)));
  }

  async set(site: string, token: string): Promise<void> {
    if (token === '') throw new AppError('validation', 'The API token is empty.');
    if (this.platform === 'win32' && Buffer.byteLength(token, 'utf8') > WINDOWS_MAX_SECRET_BYTES) {
      throw keychainError('save', 'too-long', this.platform);
    }
    const api = await this.keytar('save', token);
    await this.call('save', token, () => api.setPassword(this.service, account(site), token));
  }

  async delete(site: string): Promise<boolean> {
    const api = await this.keytar('remove');
    return this.call('remove', undefined, () => api.deletePassword(this.service, account(site)));
  }

  private keytar(op: KeychainOperation, token?: string): Promise<KeytarApi> {
    if (!this.api) {
      const loading = this.load();
      this.api = loading;
      // A failed load is not cached: after the user installs libsecret, a retry should work.
      loading.catch(() => {
        if (this.api === loading) this.api = null;
      });
    }
    return this.api.catch((error: unknown) => {
      const raw = errorText(error);
      throw keychainError(op, classifyKeychainError(raw, 'load'), this.platform, raw, token);
    });
  }

  private async call<T>(op: KeychainOperation, token: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const raw = errorText(error);
      throw keychainError(op, classifyKeychainError(raw, 'call'), this.platform, raw, token);
    }
  }
}

function account(site: string): string {
  if (site === '') throw new AppError('validation', 'No site given for the keychain entry.');
  return site;
}
