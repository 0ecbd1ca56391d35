import { PRODUCT_NAME } from '../app-paths.js';
import type { InvokeHandlers } from './dispatcher.js';
import { createEventHub, type EventHub } from './event-hub.js';
import { NO_DIALOGS, type Dialogs } from '../dialogs.js';
import { connectionHandlers, connectionTest } from '../handlers/connection-handlers.js';
import { fileHandlers } from '../handlers/file-handlers.js';
import { SavedFiles } from '../files/saved-files.js';
import { jobDraftHandlers } from '../handlers/job-draft-handlers.js';
import { siteFixHandlers } from '../handlers/site-fix.js';
import { isSupportedCountry } from 'libphonenumber-js';
import { jobHandlers } from '../handlers/job-handlers.js';
import { importHandlers } from '../handlers/import-handlers.js';
import type { UpdateStatus, InstallOutcome } from '../../shared/domain/update-status.js';
import { headerSignature, makeMappingFile, serialiseMappingFile } from '../../shared/records/templates.js';
import type { Core } from '../core/create-core.js';

/** The updater as the window sees it; the Electron lifecycle plugs the real one in, elsewhere it is off. */
export interface UpdatePort {
  getStatus(): UpdateStatus;
  requestInstall(): InstallOutcome;
}

const UPDATES_OFF: UpdatePort = { getStatus: () => ({ state: 'idle' }), requestInstall: () => 'disabled' };

export interface IpcAdapterOptions {
  dialogs?: Dialogs;
  platform?: string;
  fetch?: typeof fetch;
}

export interface IpcAdapter {
  /** One handler per contract channel, for the dispatcher. */
  readonly handlers: InvokeHandlers;
  /** Main → renderer events, parsed through the contract on the way out. */
  readonly events: EventHub;
  setUpdatePort(port: UpdatePort): void;
  /** Stops forwarding the core's events. */
  dispose(): void;
}

/**
 * The window's front end on the core: turns the contract's channels into core calls and the core's
 * events into contract events. Only the app and the harness build it; the CLI never pays for it.
 */
export function createIpcAdapter(core: Core, options: IpcAdapterOptions = {}): IpcAdapter {
  const events = createEventHub((message) => core.log.error('event broke the IPC contract', new Error(message)));
  const dialogs = options.dialogs ?? NO_DIALOGS;
  let updates = UPDATES_OFF;

  const forwarding = [
    core.events.on('jobProgress', (p) => events.emit('jobProgress', p)),
    core.events.on('jobsChanged', (list) => events.emit('jobsChanged', list)),
    core.events.on('connectionNeeded', (n) => events.emit('connectionNeeded', n)),
  ];

  const { jobs, connections } = core;
  const connectionDeps = {
    connections,
    jobs,
    version: core.version,
    nameResolutionWorks: core.nameResolutionWorks,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  // Paths main itself saved (exported reports): the only ones Show in folder / Open accept.
  const savedFiles = new SavedFiles();
  const handlers: InvokeHandlers = {
    getAppInfo: () => ({
      name: PRODUCT_NAME,
      version: core.version,
      dataDir: core.dataDir,
      platform: options.platform ?? process.platform,
    }),
    ...connectionHandlers(connectionDeps),
    ...siteFixHandlers({ connections, jobs, test: connectionTest(connectionDeps) }),
    ...importHandlers({
      settings: core.settings,
      dialogs,
      headerSignature,
      mappingFile: (headers, mapping, o) =>
        serialiseMappingFile(
          makeMappingFile(headers, mapping, {
            ...(o.phoneFormat !== undefined ? { phoneFormat: o.phoneFormat } : {}),
            ...(o.defaultCountry !== undefined && isSupportedCountry(o.defaultCountry)
              ? { defaultCountry: o.defaultCountry }
              : {}),
          }),
        ),
    }),
    ...jobHandlers({ jobs, intake: core.intake, dialogs, saved: savedFiles }),
    ...fileHandlers({ dialogs, saved: savedFiles }),
    ...jobDraftHandlers(core.drafts),
    getSendSettings: () => ({ maxParallel: jobs.maxParallel }),
    setSendSettings: async (settings) => {
      const saved = await core.sendSettings.set(settings);
      jobs.setMaxParallel(saved.maxParallel);
      return saved;
    },
    getUpdateStatus: () => updates.getStatus(),
    installUpdate: () => {
      const outcome = updates.requestInstall();
      return { outcome, status: updates.getStatus() };
    },
  };

  return {
    handlers,
    events,
    setUpdatePort(port) {
      updates = port;
    },
    dispose: () => forwarding.forEach((off) => off()),
  };
}
