import { AppError } from '../../shared/domain/app-error.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import { normalizeToken } from '../credentials/token-hygiene.js';

/**
 * WASP_TOKEN as the CLI uses it: one tenant's token, bound to exactly one site once the command
 * knows which site that is (--site; else the one site every job in scope belongs to). Until it is
 * bound, and for every other site, tokens come from the wrapped keychain store, so a resume of jobs
 * for several tenants never carries this token to the wrong one.
 */
export class EnvTokenStore implements CredentialStore {
  private readonly token: string;
  private site: string | null = null;

  constructor(
    private readonly inner: CredentialStore,
    raw: string,
  ) {
    try {
      this.token = normalizeToken(raw);
    } catch (error) {
      if (error instanceof AppError) throw new AppError('validation', `WASP_TOKEN is not usable: ${error.message}`);
      throw error;
    }
  }

  /** The site WASP_TOKEN belongs to from now on (an origin, as parseSiteUrl gives it). */
  bind(site: string): void {
    this.site = site;
  }

  get bound(): string | null {
    return this.site;
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
