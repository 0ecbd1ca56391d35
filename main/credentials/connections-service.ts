import { AppError } from '../../shared/domain/app-error.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import type { CredentialStore } from './credential-store.js';
import {
  VerificationResultSchema,
  type RegistryState,
  type SiteRecord,
  type SiteRegistry,
  type VerificationResult,
} from './site-registry.js';
import { normalizeToken, redactSecret } from './token-hygiene.js';

// The view that crosses IPC is defined once, in the contract: there is no field a token could ride in.
export { ConnectionViewSchema, type ConnectionView } from '../../shared/domain/connection.js';
import type { ConnectionView } from '../../shared/domain/connection.js';

export interface SandboxConnection {
  /** Origin of the local simulator, e.g. "http://127.0.0.1:47123". */
  site: string;
  label?: string;
  /** The simulator's well-known token: not a secret, so it never goes to the keychain. */
  token?: string;
}

export interface ConnectionsServiceOptions {
  registry: SiteRegistry;
  store: CredentialStore;
  sandbox?: SandboxConnection;
  now?: () => Date;
}

const MAX_MESSAGE = 1_000;
const MAX_LABEL = 120;

/**
 * What the Connect screen and the CLI do with sites and tokens. Sites may be given as any URL of the
 * site; they are reduced to the origin. Tokens go to the store and nowhere else; `tokenFor` is for the
 * sender inside main and must never be wired to IPC.
 */
export class ConnectionsService {
  private readonly registry: SiteRegistry;
  private readonly store: CredentialStore;
  private readonly sandbox: SandboxConnection | null;
  /**
   * The Sandbox's state lives in memory only: the simulator's origin (its port) can change from one
   * run to the next, and persisting it would leave stale "http://127.0.0.1:NNNN" sites in the list.
   */
  private readonly sandboxRecord: SiteRecord | null;
  private readonly now: () => Date;

  constructor(options: ConnectionsServiceOptions) {
    this.registry = options.registry;
    this.store = options.store;
    this.sandbox = options.sandbox ? { ...options.sandbox, site: parseSiteOrigin(options.sandbox.site) } : null;
    this.sandboxRecord = this.sandbox ? blankRecord(this.sandbox.site) : null;
    this.now = options.now ?? (() => new Date());
  }

  /** User sites in the order they were added, then the Sandbox. Reads no secrets. */
  async list(): Promise<ConnectionView[]> {
    const state = await this.registry.read();
    return this.views(state);
  }

  /** The view of one saved site (any URL of it), or null when it is not saved. */
  async view(siteInput: string): Promise<ConnectionView | null> {
    const site = parseSiteOrigin(siteInput);
    return (await this.list()).find((c) => c.site === site) ?? null;
  }

  /** The site a new job goes to when none is chosen, or null when the user must pick. */
  async defaultSite(): Promise<string | null> {
    return resolveDefault(await this.registry.read(), this.sandbox?.site ?? null);
  }

  /**
   * Cleans the token, stores it in the keychain, then records the site. If the keychain fails the
   * registry is left alone and the keychain error is thrown: nothing is kept anywhere else.
   * A new token resets the last verification, which described the old one.
   */
  async saveToken(siteInput: string, tokenInput: string, options: { label?: string } = {}): Promise<ConnectionView> {
    const site = parseSiteOrigin(siteInput);
    const token = normalizeToken(tokenInput);
    const label = cleanLabel(options.label);
    await this.store.set(site, token);
    const at = this.now().toISOString();
    const state = await this.change(site, (record) => {
      record.tokenSavedAt = at;
      resetVerification(record);
      if (label !== undefined) record.label = label;
    });
    return this.viewOf(state, site);
  }

  /** Adds a site or renames it without touching its token (the keychain is not used). */
  async saveSite(siteInput: string, options: { label?: string } = {}): Promise<ConnectionView> {
    const site = parseSiteOrigin(siteInput);
    const label = cleanLabel(options.label);
    const state = await this.change(site, (record) => {
      if (label !== undefined) record.label = label;
    });
    return this.viewOf(state, site);
  }

  /** Removes the token but keeps the site in the list. True when the keychain held one. */
  async removeToken(siteInput: string): Promise<boolean> {
    const site = parseSiteOrigin(siteInput);
    const removed = await this.store.delete(site);
    await this.change(
      site,
      (record) => {
        record.tokenSavedAt = null;
        resetVerification(record);
      },
      { create: false },
    );
    return removed;
  }

  /**
   * Forgets a site and its token. The keychain entry goes first: if that fails the site stays listed,
   * so the user is never left with a token in the keychain that the app no longer shows.
   */
  async removeSite(siteInput: string): Promise<void> {
    const site = parseSiteOrigin(siteInput);
    if (this.isSandbox(site)) {
      throw new AppError('validation', 'The Sandbox is built in and cannot be removed.');
    }
    await this.store.delete(site);
    await this.registry.update((s) => {
      s.sites = s.sites.filter((r) => r.site !== site);
      if (s.defaultSite === site) s.defaultSite = null;
    });
  }

  async setDefault(siteInput: string): Promise<void> {
    const site = parseSiteOrigin(siteInput);
    await this.registry.update((s) => {
      if (!this.isSandbox(site) && !s.sites.some((r) => r.site === site)) {
        throw new AppError('not-found', `${site} is not one of your sites. Add it with its API token first.`);
      }
      s.defaultSite = site;
    });
  }

  /**
   * Keeps the outcome of Test connection or of a send. The message is shown later, so it is scrubbed
   * of anything that looks like a bearer token and cut to a sane length.
   */
  async recordVerification(siteInput: string, result: VerificationResult, message?: string): Promise<void> {
    const site = parseSiteOrigin(siteInput);
    const parsed = VerificationResultSchema.parse(result);
    const at = this.now().toISOString();
    const text = message === undefined ? undefined : redactSecret(message).slice(0, MAX_MESSAGE);
    await this.change(site, (record) => {
      record.lastVerifiedAt = at;
      record.lastResult = parsed;
      if (text === undefined || text === '') delete record.lastMessage;
      else record.lastMessage = text;
    });
  }

  /**
   * The token for a site, for the sender in main only. Missing → 'auth' (the Connect screen asks for
   * one). Saved through the app but not in the keychain any more → 'keychain': on Linux a locked
   * keyring answers "nothing stored" rather than an error, so say that instead of "no token".
   */
  async tokenFor(siteInput: string): Promise<string> {
    const site = parseSiteOrigin(siteInput);
    const builtIn = this.isSandbox(site) ? this.sandbox?.token : undefined;
    let token: string | null;
    try {
      token = await this.store.get(site);
    } catch (error) {
      // The Sandbox must work on a machine without a usable keychain: its token is no secret.
      if (builtIn && error instanceof AppError && error.kind === 'keychain') return builtIn;
      throw error;
    }
    if (token !== null) return token;
    if (builtIn) return builtIn;
    const savedAt = this.isSandbox(site)
      ? (this.sandboxRecord?.tokenSavedAt ?? null)
      : ((await this.registry.read()).sites.find((r) => r.site === site)?.tokenSavedAt ?? null);
    const login = `on the Connect screen or with "wasp-phones login --site ${site}"`;
    if (savedAt !== null) {
      throw new AppError(
        'keychain',
        `The API token for ${site} was saved on ${savedAt.slice(0, 10)}, but the system keychain returned none. ` +
          `The keyring may be locked: unlock it and try again. If the entry was removed outside the app, save the token again ${login}.`,
      );
    }
    throw new AppError(
      'auth',
      `No API token is saved for ${site}. Paste the API Access Token from Wasp (Manage > Users) ${login}.`,
    );
  }

  private isSandbox(site: string): boolean {
    return this.sandbox !== null && site === this.sandbox.site;
  }

  /** Applies a change to one site's record: the Sandbox's in memory, any other in the registry file. */
  private async change(
    site: string,
    apply: (record: SiteRecord) => void,
    options: { create: boolean } = { create: true },
  ): Promise<RegistryState> {
    if (this.isSandbox(site) && this.sandboxRecord) {
      apply(this.sandboxRecord);
      return this.registry.read();
    }
    return this.registry.update((s) => {
      const existing = s.sites.find((r) => r.site === site);
      if (existing) apply(existing);
      else if (options.create) apply(upsert(s, site));
      return s;
    });
  }

  private views(state: RegistryState): ConnectionView[] {
    const sandboxSite = this.sandbox?.site ?? null;
    const defaultSite = resolveDefault(state, sandboxSite);
    const out = state.sites.filter((r) => r.site !== sandboxSite).map((r) => this.toView(r, defaultSite));
    if (this.sandboxRecord) out.push(this.toView(this.sandboxRecord, defaultSite));
    return out;
  }

  private viewOf(state: RegistryState, site: string): ConnectionView {
    const view = this.views(state).find((v) => v.site === site);
    if (!view) throw new AppError('internal', `The site ${site} is missing from the list just after saving it.`);
    return view;
  }

  private toView(record: SiteRecord, defaultSite: string | null): ConnectionView {
    const isSandbox = record.site === this.sandbox?.site;
    return {
      site: record.site,
      label: record.label ?? (isSandbox ? (this.sandbox?.label ?? 'Sandbox') : new URL(record.site).host),
      hasToken: record.tokenSavedAt !== null || (isSandbox && Boolean(this.sandbox?.token)),
      lastVerifiedAt: record.lastVerifiedAt,
      lastResult: record.lastResult,
      ...(record.lastMessage === undefined ? {} : { lastMessage: record.lastMessage }),
      isSandbox,
      isDefault: record.site === defaultSite,
    };
  }
}

/**
 * The explicit choice when it still exists; otherwise the Sandbox (a mistaken send there is harmless);
 * otherwise the only site. Never guess between several real tenants: a job landing in production by
 * accident is the mistake this product must not make.
 */
function resolveDefault(state: RegistryState, sandboxSite: string | null): string | null {
  const known = new Set(state.sites.map((r) => r.site));
  if (sandboxSite) known.add(sandboxSite);
  if (state.defaultSite && known.has(state.defaultSite)) return state.defaultSite;
  if (sandboxSite) return sandboxSite;
  return state.sites.length === 1 ? (state.sites[0]?.site ?? null) : null;
}

function blankRecord(site: string): SiteRecord {
  return { site, lastVerifiedAt: null, lastResult: null, tokenSavedAt: null };
}

function upsert(state: RegistryState, site: string): SiteRecord {
  let record = state.sites.find((r) => r.site === site);
  if (!record) {
    record = blankRecord(site);
    state.sites.push(record);
  }
  return record;
}

function resetVerification(record: SiteRecord): void {
  record.lastVerifiedAt = null;
  record.lastResult = null;
  delete record.lastMessage;
}

function cleanLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const trimmed = label.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_LABEL)
    throw new AppError('validation', `The name for this site is too long (at most ${MAX_LABEL} characters).`);
  return trimmed === '' ? undefined : trimmed;
}

/** The shared parser (the renderer's Connect form gives the same verdict), as a thrown AppError. */
function parseSiteOrigin(input: string): string {
  const parsed = parseSiteUrl(input);
  if (!parsed.ok) throw AppError.fromValue(parsed.error);
  return parsed.value;
}
