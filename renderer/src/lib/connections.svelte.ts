import type { ConnectionView } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';

/** The connections list as the renderer knows it (no tokens, ever), plus the job that needs one. */
export const connections = $state<{
  list: ConnectionView[];
  loaded: boolean;
  error: string | null;
  /** Set when a job stopped on a rejected token; the Connect screen shows it until a token is saved. */
  needed: { site: string; jobId: string; reason: 'auth' | 'forbidden'; message: string } | null;
}>({ list: [], loaded: false, error: null, needed: null });

export async function loadConnections(): Promise<void> {
  const r = await wasp.listConnections();
  if (r.ok) {
    connections.list = r.value;
    connections.error = null;
  } else {
    connections.error = r.error.message;
  }
  connections.loaded = true;
}

export function replaceConnection(view: ConnectionView): void {
  const i = connections.list.findIndex((c) => c.site === view.site);
  if (i >= 0) connections.list[i] = view;
  else connections.list.push(view);
}

export function defaultConnection(): ConnectionView | undefined {
  return connections.list.find((c) => c.isDefault) ?? connections.list.find((c) => c.hasToken);
}

/** A site as people call it: its name (the Sandbox as "Sandbox"), never its loopback address. */
export function siteName(site: string): string {
  const c = connections.list.find((x) => x.site === site);
  if (c) return c.label;
  try {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- parsed once for its host and dropped: never state
    return new URL(site).host;
  } catch {
    return site;
  }
}

export function isSandboxSite(site: string): boolean {
  return connections.list.some((x) => x.site === site && x.isSandbox);
}
