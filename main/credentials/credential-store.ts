import { AppError } from '../../shared/domain/app-error.js';
import { normalizeToken } from './token-hygiene.js';

/**
 * Where API tokens live, one per site origin (e.g. "https://acme.waspinventorycloud.com").
 * Implementations throw AppError: kind 'keychain' when the backing store cannot be used.
 */
export interface CredentialStore {
  get(site: string): Promise<string | null>;
  set(site: string, token: string): Promise<void>;
  /** True when an entry existed and was removed. */
  delete(site: string): Promise<boolean>;
}

export {
  KeytarCredentialStore,
  loadKeytar,
  type KeytarApi,
  type KeytarLoader,
  type KeytarCredentialStoreOptions,
} from './keytar-credential-store.js';

/** In-process store for unit tests and the browser harness; forgets everything when the process ends. */
export class MemoryCredentialStore implements CredentialStore {
  private readonly tokens = new Map<string, string>();

  async get(site: string): Promise<string | null> {
    return this.tokens.get(site) ?? null;
  }
  async set(site: string, token: string): Promise<void> {
    if (token === '') throw new AppError('validation', 'The API token is empty.');
    this.tokens.set(site, token);
  }
  async delete(site: string): Promise<boolean> {
    return this.tokens.delete(site);
  }
  /** Sites that hold a token, for assertions; never the tokens themselves. */
  sites(): string[] {
    return [...this.tokens.keys()];
  }
}

/**
 * The WASP_TOKEN override used by the CLI, bound to ONE site: reads for that site answer the given
 * token without reaching the keychain (so headless machines without a Secret Service work); every
 * other site reads from the wrapped store, so a `resume` of jobs for other tenants never carries this
 * token to them. Writes and deletes go to the wrapped store; the override itself is never written.
 * The site may be bound after construction (`bind`), once the command knows it (the CLI's `resume`
 * learns it from the jobs in scope); until then every read goes to the wrapped store.
 */
export class EnvOverrideCredentialStore implements CredentialStore {
  private readonly token: string;
  private site: string | null;

  constructor(
    private readonly inner: CredentialStore,
    token: string,
    site: string | null = null,
  ) {
    this.site = site;
    try {
      this.token = normalizeToken(token);
    } catch (error) {
      if (error instanceof AppError) throw new AppError('validation', `WASP_TOKEN is not usable: ${error.message}`);
      throw error;
    }
  }

  /** The one site (an origin, as parseSiteUrl gives it) the token belongs to from now on. */
  bind(site: string): void {
    this.site = site;
  }

  async get(site: string): Promise<string | null> {
    return this.site !== null && site === this.site ? this.token : this.inner.get(site);
  }
  set(site: string, token: string): Promise<void> {
    return this.inner.set(site, token);
  }
  delete(site: string): Promise<boolean> {
    return this.inner.delete(site);
  }
}
