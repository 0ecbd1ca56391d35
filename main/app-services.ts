import { PRODUCT_NAME } from './app-paths.js';
import { appVersion } from './app-version.js';
import type { InvokeHandlers } from './ipc/dispatcher.js';
import { createEventHub, type EventHub } from './ipc/event-hub.js';

export interface AppServicesOptions {
  dataDir: string;
  platform?: string;
}

export interface AppServices {
  readonly handlers: InvokeHandlers;
  readonly events: EventHub;
  close(): Promise<void>;
}

/**
 * The composition root of main's services: plain TypeScript, no Electron. The Electron glue, the
 * browser test harness and the CLI all build the app from here, so they run the same code.
 */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const events = createEventHub();
  const handlers: InvokeHandlers = {
    getAppInfo: () => ({
      name: PRODUCT_NAME,
      version: appVersion(),
      dataDir: options.dataDir,
      platform: options.platform ?? process.platform,
    }),
  };
  return {
    handlers,
    events,
    async close() {},
  };
}
