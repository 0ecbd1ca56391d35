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
export const wasp: WaspBridge = plainBridge(window[BRIDGE_GLOBAL]);
