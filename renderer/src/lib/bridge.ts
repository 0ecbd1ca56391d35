import { BRIDGE_GLOBAL, type WaspBridge } from '../../../shared/ipc/contract.js';
import { AppError, type Result } from '../../../shared/domain/app-error.js';

declare global {
  interface Window {
    readonly wasp: WaspBridge;
  }
}

/** The typed bridge preload put on window. Every call returns a Result; nothing throws across it. */
export const wasp: WaspBridge = window[BRIDGE_GLOBAL];

/** For call sites that prefer exceptions: turns an error value into a thrown AppError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw AppError.fromValue(result.error);
}
