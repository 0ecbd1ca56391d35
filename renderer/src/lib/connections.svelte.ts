import type { ConnectionView, WaspBridge } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';

/** A job stopped on a rejected token: the Connect screen shows it until a token is saved. */
export interface ConnectionNeed {
  site: string;
  jobId: string;
  reason: 'auth' | 'forbidden';
  message: string;
}

/** The connections list as the renderer knows it (no tokens, ever), plus the job that needs one. */
export class Connections {
  list = $state<ConnectionView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  needed = $state<ConnectionNeed | null>(null);

  constructor(private readonly bridge: Pick<WaspBridge, 'listConnections'>) {}

  async load(): Promise<void> {
    const r = await this.bridge.listConnections();
    if (r.ok) {
      this.list = r.value;
      this.error = null;
    } else {
      this.error = r.error.message;
    }
    this.loaded = true;
  }

  /** Loads the list unless it already was. */
  ensureLoaded(): void {
    if (!this.loaded) void this.load();
  }

  replace(view: ConnectionView): void {
    const i = this.list.findIndex((c) => c.site === view.site);
    if (i >= 0) this.list[i] = view;
    else this.list.push(view);
  }

  defaultConnection(): ConnectionView | undefined {
    return this.list.find((c) => c.isDefault) ?? this.list.find((c) => c.hasToken);
  }

  /** A site as people call it: its name (the Sandbox as "Sandbox"), never its loopback address. */
  siteName(site: string): string {
    const c = this.list.find((x) => x.site === site);
    if (c) return c.label;
    try {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- parsed once for its host and dropped: never state
      return new URL(site).host;
    } catch {
      return site;
    }
  }

  isSandboxSite(site: string): boolean {
    return this.list.some((x) => x.site === site && x.isSandbox);
  }
}
export const connections = new Connections(wasp);
