import type { Core } from '../core/create-core.js';
import type { IpcAdapter } from '../ipc/ipc-adapter.js';
import type { SendOptions } from '../sending/types.js';

/**
 * For the E2E suite's Electron driver only (test/e2e/drivers/electron-driver.ts): an unpackaged
 * app started with WASP_E2E_HOOKS=1 puts its services where Playwright's electronApp.evaluate() can
 * call them, and takes send options (batch size, pacing) from WASP_E2E_SEND_OPTIONS so a spec sets
 * up the app the same way on both drivers. A packaged app never reads either variable.
 */
export function e2eHooksEnabled(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return !isPackaged && env['WASP_E2E_HOOKS'] === '1';
}

export function e2eSendOptions(env: NodeJS.ProcessEnv): Partial<SendOptions> | undefined {
  const raw = env['WASP_E2E_SEND_OPTIONS'];
  if (!raw) return undefined;
  return JSON.parse(raw) as Partial<SendOptions>;
}

/** The core as the E2E specs use it, with the window's event hub and update port from the IPC adapter. */
export type E2EServices = Omit<Core, 'events'> & Pick<IpcAdapter, 'events' | 'handlers' | 'setUpdatePort'>;

export function exposeServicesForE2E(services: E2EServices): void {
  Object.defineProperty(globalThis, '__waspE2E', { value: { services }, configurable: true });
}
