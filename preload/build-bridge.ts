import { EVENT_NAMES, INVOKE_NAMES, eventChannel, eventSubscriberName, invokeChannel } from '../shared/ipc/channels.js';
import type { WaspBridge } from '../shared/ipc/contract.js';

/** How the bridge reaches main: ipcRenderer in Electron, a Playwright binding in the browser harness. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the object exposed as `window.wasp`: exactly one function per contract channel and one
 * subscriber per event, nothing generic (no raw send/invoke), so the page cannot reach any channel
 * the contract does not list. Frozen so page scripts cannot swap a function out.
 */
export function buildBridge(transport: BridgeTransport): WaspBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    const channel = invokeChannel(name);
    // The single argument is forwarded as-is; main validates it against the contract's schema.
    bridge[name] = (request?: unknown) => transport.invoke(channel, request);
  }
  for (const name of EVENT_NAMES) {
    const channel = eventChannel(name);
    bridge[eventSubscriberName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventSubscriberName(name)} needs a function`);
      return transport.subscribe(channel, (payload) => listener(payload));
    };
  }
  return Object.freeze(bridge) as unknown as WaspBridge;
}
