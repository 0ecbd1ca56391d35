import type { AppServices } from '../app-services.js';
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

export function exposeServicesForE2E(services: AppServices): void {
  Object.defineProperty(globalThis, '__waspE2E', { value: { services }, configurable: true });
}
