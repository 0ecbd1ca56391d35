import { PRODUCT_NAME } from './app-paths.js';
import { appVersion } from './app-version.js';
import type { InvokeHandlers } from './ipc/dispatcher.js';
import { createEventHub, type EventHub } from './ipc/event-hub.js';
import { ConnectionsService } from './credentials/connections-service.js';
import { KeytarCredentialStore, type CredentialStore } from './credentials/credential-store.js';
import { SiteRegistry } from './credentials/site-registry.js';
import { JobService } from './jobs/job-service.js';
import { AppError } from '../shared/domain/app-error.js';
import { ImportSettingsStore } from './settings/import-settings-store.js';
import { NO_DIALOGS, type Dialogs } from './dialogs.js';
import { connectionHandlers } from './handlers/connection-handlers.js';
import { jobHandlers } from './handlers/job-handlers.js';
import { importHandlers } from './handlers/import-handlers.js';
import { createJobIntake, type JobIntake } from './intake/job-intake.js';
import { JobDrafts } from './intake/job-drafts.js';
import { jobDraftHandlers } from './handlers/job-draft-handlers.js';
import { SendSettingsStore } from './settings/send-settings-store.js';
import { startSimulator, type Simulator } from './simulator/simulator.js';
import { SANDBOX_TOKEN } from './simulator/sandbox.js';
import { AUTH_MESSAGE, FORBIDDEN_MESSAGE } from './wasp-api/call-outcome.js';
import type { SendOptions } from './sending/types.js';
import type { UpdateStatus, InstallOutcome } from '../shared/domain/update-status.js';
import { judgeRows } from '../shared/records/judge-rows.js';
import { headerSignature, makeMappingFile, serialiseMappingFile } from '../shared/records/templates.js';

/** The updater as the services see it; the Electron glue plugs the real one in, elsewhere it is off. */
export interface UpdatePort {
  getStatus(): UpdateStatus;
  requestInstall(): InstallOutcome;
}

const UPDATES_OFF: UpdatePort = { getStatus: () => ({ state: 'idle' }), requestInstall: () => 'disabled' };

export interface AppServicesOptions {
  dataDir: string;
  platform?: string;
  /** The OS keychain by default; tests and the harness pass a MemoryCredentialStore. */
  credentialStore?: CredentialStore;
  /** Start the built-in Wasp simulator as the "Sandbox" connection (port 0 = any free port). */
  sandbox?: { port: number } | false;
  dialogs?: Dialogs;
  /** Resume unfinished jobs at start (the app does). */
  autoStart?: boolean;
  send?: Partial<SendOptions>;
  fetch?: typeof fetch;
  /** Who holds the sender lock: 'app' or 'cli'. */
  owner?: string;
  /** Only read the jobs (no sender lock, no sending): for listing while another program sends. */
  readOnly?: boolean;
}

export interface AppServices {
  readonly handlers: InvokeHandlers;
  readonly events: EventHub;
  readonly jobs: JobService;
  readonly connections: ConnectionsService;
  readonly settings: ImportSettingsStore;
  /** The one door into the queue: rows are judged again by the shared rules before they are stored. */
  readonly intake: JobIntake;
  /** Jobs created in parts (beginJob → addJobRows → commitJob), checked and written in a worker. */
  readonly drafts: JobDrafts;
  readonly sandboxSite: string | null;
  readonly dataDir: string;
  setUpdatePort(port: UpdatePort): void;
  close(): Promise<void>;
}

/** The sandbox's fixed port, so queued Sandbox jobs find it again after a restart. */
export const SANDBOX_PORT = 47811;

/**
 * The composition root of main's services: plain TypeScript, no Electron. The Electron glue, the
 * browser test harness and the CLI all build the app from here, so they run the same code.
 */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const version = appVersion();
  const events = createEventHub();
  const dialogs = options.dialogs ?? NO_DIALOGS;

  let simulator: Simulator | null = null;
  if (options.sandbox !== false) {
    const port = options.sandbox?.port ?? SANDBOX_PORT;
    simulator = await startSimulator({ port, controls: false }).catch(() => startSimulator({ port: 0, controls: false }));
  }
  const sandboxSite = simulator ? new URL(simulator.url).origin : null;

  const connections = new ConnectionsService({
    registry: new SiteRegistry(options.dataDir),
    store: options.credentialStore ?? new KeytarCredentialStore(),
    ...(sandboxSite ? { sandbox: { site: sandboxSite, label: 'Sandbox', token: SANDBOX_TOKEN } } : {}),
  });
  const settings = new ImportSettingsStore(options.dataDir);

  const opened = await JobService.open({
    dataDir: options.dataDir,
    version,
    owner: options.owner ?? 'app',
    autoStart: options.autoStart ?? true,
    ...(options.readOnly ? { readOnly: true } : {}),
    getToken: async (site) => {
      try {
        return await connections.tokenFor(site);
      } catch (e) {
        if (e instanceof AppError && e.kind === 'auth') return null;
        throw e;
      }
    },
    ...(options.send ? { send: options.send } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (!opened.ok) {
    await simulator?.close();
    throw AppError.fromValue(opened.error);
  }
  const jobs = opened.value;
  // The saved send setting, unless the caller (CLI --max-parallel, a test) chose the limit itself.
  const sendSettings = new SendSettingsStore(options.dataDir);
  if (options.send?.concurrency === undefined && options.readOnly !== true) jobs.setMaxParallel((await sendSettings.get()).maxParallel);

  const intake = createJobIntake(jobs, judgeRows, () => settings.knownPhoneTypes());
  const drafts = new JobDrafts({ jobs, knownPhoneTypes: () => settings.knownPhoneTypes() });
  let updates = UPDATES_OFF;

  const unsubscribeProgress = jobs.onProgress((p) => {
    events.emit('jobProgress', p);
    if (p.state === 'auth' || p.state === 'forbidden') {
      const job = jobs.listJobs().find((j) => j.id === p.jobId);
      if (job) connectionLost(job.site, job.id, p.state, p.message).catch(() => undefined);
    }
    if (p.state === 'done') learnPhoneTypes(jobs, settings, p.jobId).catch(() => undefined);
  });
  // A job that hit 401/403 says so on the site's card too, then the renderer opens Connect.
  async function connectionLost(site: string, jobId: string, state: 'auth' | 'forbidden', message: string | undefined): Promise<void> {
    const text = message ?? (state === 'auth' ? AUTH_MESSAGE : FORBIDDEN_MESSAGE);
    if (state === 'auth') {
      // A locked or unreachable keychain also leaves the job without a token: say that, and do not
      // mark a token that may be perfectly good as rejected.
      const keychainProblem = await connections.tokenFor(site).then(
        () => null,
        (e: unknown) => (e instanceof AppError && e.kind === 'keychain' ? e.message : null),
      );
      if (keychainProblem !== null) {
        events.emit('connectionNeeded', { site, jobId, reason: state, message: keychainProblem });
        return;
      }
    }
    await connections.recordVerification(site, state === 'auth' ? 'invalid-token' : 'forbidden', text).catch(() => undefined);
    events.emit('connectionNeeded', { site, jobId, reason: state, message: text });
  }
  const unsubscribeChanges = jobs.onJobsChanged((list) => events.emit('jobsChanged', list));

  const handlers: InvokeHandlers = {
    getAppInfo: () => ({ name: PRODUCT_NAME, version, dataDir: options.dataDir, platform: options.platform ?? process.platform }),
    ...connectionHandlers({ connections, jobs, version, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    ...importHandlers({ settings, dialogs, headerSignature, mappingFile: (headers, mapping) => serialiseMappingFile(makeMappingFile(headers, mapping)) }),
    ...jobHandlers({ jobs, intake, dialogs }),
    ...jobDraftHandlers(drafts),
    getSendSettings: async () => ({ maxParallel: jobs.maxParallel }),
    setSendSettings: async (settings) => {
      const saved = await sendSettings.set(settings);
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
    jobs,
    connections,
    settings,
    intake,
    drafts,
    sandboxSite,
    dataDir: options.dataDir,
    setUpdatePort(port) {
      updates = port;
    },
    async close() {
      unsubscribeProgress();
      unsubscribeChanges();
      await drafts.close();
      await jobs.close();
      await simulator?.close();
    },
  };
}

/** Wasp has no call that lists phone types; the ones it accepted in a finished job are learned. */
async function learnPhoneTypes(jobs: JobService, settings: ImportSettingsStore, jobId: string): Promise<void> {
  const accepted = new Set<string>();
  const rejected = new Set<string>();
  // Page by page (read by index), so a 1,000,000-row job never holds main's event loop for long.
  const PAGE = 1_000;
  for (let offset = 0; ; offset += PAGE) {
    const page = await jobs.getJobRows(jobId, { offset, limit: PAGE, statuses: ['saved', 'failed'] });
    if (!page.ok) return;
    for (const r of page.value.rows) {
      if (r.status === 'saved') accepted.add(r.record.PhoneTypeName);
      else if (r.status === 'failed' && /phone ?type/i.test(r.message ?? '')) rejected.add(r.record.PhoneTypeName);
    }
    if (offset + PAGE >= page.value.total) break;
  }
  await settings.learnPhoneTypes(accepted, [...rejected].filter((t) => !accepted.has(t)));
}
