import { EVENT_NAMES, INVOKE_NAMES, eventSubscriberName } from '../../../shared/ipc/channels.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';

/**
 * The bridge as screens use it: every request is turned into plain data first. Svelte 5 `$state`
 * objects are Proxies, and Electron's contextBridge refuses a Proxy ("An object could not be
 * cloned.", electron/electron#39598), so handing `draft.mapping` straight to `createJob` works in no
 * real window. Doing it here, once, means no screen can forget it.
 */
export function plainBridge(raw: WaspBridge): WaspBridge {
  const bridge: Record<string, unknown> = {};
  const calls = raw as unknown as Record<string, (request?: unknown) => unknown>;
  for (const name of INVOKE_NAMES) {
    const call = calls[name];
    if (typeof call !== 'function') continue;
    // $state.snapshot copies proxies (at any depth) into plain objects and arrays; plain data is copied as is.
    bridge[name] = (request?: unknown) => call($state.snapshot(request));
  }
  for (const name of EVENT_NAMES) {
    const subscriber = eventSubscriberName(name);
    bridge[subscriber] = calls[subscriber];
  }
  return Object.freeze(bridge) as unknown as WaspBridge;
}
