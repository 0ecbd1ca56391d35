import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { parseSiteUrl } from '../../../shared/domain/site-url.js';
import type { Connections } from './connections.svelte.js';

export type ConnectBridge = Pick<
  WaspBridge,
  'saveConnection' | 'testConnection' | 'removeToken' | 'removeConnection' | 'setDefaultConnection'
>;
export interface Feedback {
  tone: 'ok' | 'bad' | 'info';
  text: string;
}

/**
 * The Connect screen's form and the outcome of each action per site. The token typed is kept only
 * for the moment it takes to hand it to main: the field is emptied before the answer comes.
 */
export class ConnectState {
  siteText = $state('');
  tokenText = $state('');
  labelText = $state('');
  busy = $state(false);
  formError = $state<string | null>(null);
  /** Per-site outcome of the last action, shown under that site's card. */
  feedback = $state<Record<string, Feedback>>({});
  /** The site whose token is being replaced, and the new token typed. */
  replacing = $state<string | null>(null);
  replaceToken = $state('');

  /** Checked as the user types, with the same rule main applies when saving. */
  readonly siteCheck = $derived(this.siteText.trim() === '' ? null : parseSiteUrl(this.siteText));

  constructor(
    private readonly bridge: ConnectBridge,
    private readonly connections: Connections,
  ) {
    // A job stopped on a rejected token: its site's token box is open from the start.
    if (connections.needed) this.replacing = connections.needed.site;
  }

  async save(andTest: boolean): Promise<void> {
    this.formError = null;
    const check = this.siteCheck;
    if (!check || !check.ok) {
      this.formError = check && !check.ok ? check.error.message : 'Enter the address of your Wasp site.';
      return;
    }
    if (this.tokenText.trim() === '') {
      this.formError = 'Paste the API token you generated in Wasp (Manage › Users › your user › API Access Token).';
      return;
    }
    this.busy = true;
    const token = this.tokenText;
    this.tokenText = '';
    const label = this.labelText.trim();
    const saved = await this.bridge.saveConnection({ site: this.siteText, token, ...(label ? { label } : {}) });
    if (!saved.ok) {
      this.busy = false;
      this.formError = saved.error.message;
      return;
    }
    this.connections.replace(saved.value);
    const site = saved.value.site;
    this.siteText = '';
    this.labelText = '';
    this.busy = false;
    if (andTest) await this.test(site);
    else this.feedback[site] = { tone: 'info', text: 'Token saved in the system keychain.' };
  }

  async test(site: string): Promise<void> {
    this.feedback[site] = { tone: 'info', text: 'Testing the connection…' };
    const r = await this.bridge.testConnection({ site });
    if (!r.ok) {
      this.feedback[site] = { tone: 'bad', text: r.error.message };
      return;
    }
    this.connections.replace(r.value.connection);
    this.feedback[site] = { tone: r.value.result === 'ok' ? 'ok' : 'bad', text: r.value.message };
    if (r.value.result === 'ok' && this.connections.needed?.site === site) this.connections.needed = null;
  }

  /** Opens (or closes) the new-token box of a site. */
  toggleReplace(site: string): void {
    this.replacing = this.replacing === site ? null : site;
    this.replaceToken = '';
  }

  cancelReplace(): void {
    this.replacing = null;
    this.replaceToken = '';
  }

  async saveReplacement(site: string): Promise<void> {
    const token = this.replaceToken;
    this.replaceToken = '';
    const r = await this.bridge.saveConnection({ site, token });
    if (!r.ok) {
      this.feedback[site] = { tone: 'bad', text: r.error.message };
      return;
    }
    this.connections.replace(r.value);
    this.replacing = null;
    await this.test(site);
  }

  async removeToken(site: string): Promise<void> {
    const r = await this.bridge.removeToken({ site });
    if (r.ok) {
      this.connections.replace(r.value);
      this.feedback[site] = { tone: 'info', text: 'Token removed from the keychain.' };
    } else this.feedback[site] = { tone: 'bad', text: r.error.message };
  }

  async removeSite(site: string): Promise<void> {
    const r = await this.bridge.removeConnection({ site });
    if (r.ok) this.connections.list = r.value;
    else this.feedback[site] = { tone: 'bad', text: r.error.message };
  }

  async makeDefault(site: string): Promise<void> {
    const r = await this.bridge.setDefaultConnection({ site });
    if (r.ok) this.connections.list = r.value;
  }
}
