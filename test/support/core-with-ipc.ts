import { createCore, type Core, type CoreOptions } from '../../main/core/create-core.js';
import type { Result } from '../../shared/domain/app-error.js';
import { createIpcDispatcher } from '../../main/ipc/dispatcher.js';
import { createIpcAdapter, type IpcAdapter, type IpcAdapterOptions } from '../../main/ipc/ipc-adapter.js';
import { SILENT_LOGGER, type Logger } from '../../main/logging/logger.js';
import { CLONE_ERROR, cloneLikeElectron } from '../harness/electron-clone.js';

/** The core with the window's front end on it, as the app composes them: for tests that call channels. */
export type CoreWithIpc = Omit<Core, 'events'> &
  Pick<IpcAdapter, 'handlers' | 'events' | 'setUpdatePort'> & { readonly core: Core };

export async function openCoreWithIpc(
  options: Omit<CoreOptions, 'log'> & IpcAdapterOptions & { log?: Logger },
): Promise<CoreWithIpc> {
  const { dialogs, platform, ...coreOptions } = options;
  const core = await createCore({ ...coreOptions, log: options.log ?? SILENT_LOGGER });
  const ipc = createIpcAdapter(core, {
    ...(dialogs ? { dialogs } : {}),
    ...(platform ? { platform } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    ...core,
    core,
    handlers: ipc.handlers,
    events: ipc.events,
    setUpdatePort: (p) => ipc.setUpdatePort(p),
    async close() {
      ipc.dispose();
      await core.close();
    },
  };
}

/** How the app's own page is seen by main's dispatcher: its origin and main frame. */
const APP_ORIGIN = 'app://wasp';

/**
 * A call from the app's own page into main through the real dispatcher (sender and schema checks),
 * for tests that drive channels the way the window does. The payload is cloned as Electron's bridge
 * and IPC clone it (test/harness/electron-clone.ts): what Electron refuses is refused here too.
 */
export function windowInvoke(
  app: Pick<CoreWithIpc, 'handlers'>,
): (name: string, payload: unknown) => Promise<Result<unknown>> {
  const ipc = createIpcDispatcher(app.handlers, { allowedOrigins: [APP_ORIGIN] }, SILENT_LOGGER);
  const sender = { frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true };
  return (name, payload) => {
    const crossed = cloneLikeElectron(payload);
    if (!crossed.ok) throw new Error(`${name}: ${CLONE_ERROR}`);
    return ipc.handle(sender, name, crossed.value);
  };
}
