import { BRIDGE_GLOBAL, type WaspBridge } from '../../../shared/ipc/contract.js';
import { plainBridge } from './plain-bridge.svelte.js';

declare global {
  interface Window {
    readonly wasp: WaspBridge;
  }
}

/**
 * The typed bridge preload put on window, behind the one wrapper that turns reactive state into
 * plain data before it crosses. Every call returns a Result; nothing throws across it.
 */
export const wasp: WaspBridge = plainBridge(
  // Unit tests import the stores under Node, where there is no window: they hand each store its own bridge.
  typeof window === 'undefined' ? ({} as WaspBridge) : window[BRIDGE_GLOBAL],
);
