import { BRIDGE_GLOBAL, type WaspBridge } from '../../../shared/ipc/contract.js';

declare global {
  interface Window {
    readonly wasp: WaspBridge;
  }
}

/** The typed bridge preload put on window. Every call returns a Result; nothing throws across it. */
export const wasp: WaspBridge = window[BRIDGE_GLOBAL];
