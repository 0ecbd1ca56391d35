import { appVersion } from '../app-version.js';
import { ConnectionsService } from '../credentials/connections-service.js';
import { KeytarCredentialStore, type CredentialStore } from '../credentials/credential-store.js';
import { SiteRegistry } from '../credentials/site-registry.js';
import { JobService } from '../jobs/job-service.js';
import { AppError } from '../../shared/domain/app-error.js';
import { ImportSettingsStore } from '../settings/import-settings-store.js';
import { createJobIntake, type JobIntake } from '../intake/job-intake.js';
import { startSimulator, type Simulator } from '../simulator/simulator.js';
import { SANDBOX_OPTIONS, SANDBOX_TOKEN } from '../simulator/sandbox.js';
import type { SendOptions } from '../sending/types.js';
import type { DataFolderLock } from '../jobs/lock.js';
import { JobDrafts } from '../intake/job-drafts.js';
import { SendSettingsStore } from '../settings/send-settings-store.js';
import { watchQueue } from '../jobs/queue-watch.js';
import { publishLiveStates } from '../jobs/live-state.js';
import {
  publicNameResolutionCheck,
  reachabilityTransport,
  type NameResolutionCheck,
} from '../wasp-api/reachability.js';
import { judgeRows } from '../../shared/records/judge-rows.js';
import type { Logger } from '../logging/logger.js';
import { loggedTransport } from '../sending/logged-transport.js';
import { createCoreEventStream, type CoreEvents } from './core-events.js';
import { connectionLost } from './connection-lost.js';
import { learnPhoneTypes } from './learn-phone-types.js';
import { ProgressCoalescer } from './progress-coalescer.js';

export interface CoreOptions {
  dataDir: string;
  /** Every service logs here; tokens it reads are registered with it so no line can carry them. */
  log: Logger;
  /** The OS keychain by default; tests and the harness pass a MemoryCredentialStore. */
  credentials?: CredentialStore;
  /** Electron's net.fetch in the app (system proxy and certificates), a proxy-aware fetch in the CLI. */
  fetch?: typeof fetch;
  /** Start the built-in Wasp simulator as the "Sandbox" connection (port 0 = any free port). */
  sandbox?: { port: number } | false;
  /** Resume unfinished jobs at start (the app does). */
  autoStart?: boolean;
  send?: Partial<SendOptions>;
  /** Who holds the sender lock: 'app' or 'cli'. */
  owner?: string;
  /** Only read the jobs (no sender lock, no sending): for listing while another program sends. */
  readOnly?: boolean;
  /** With readOnly: may still queue new jobs for the folder's sender (a CLI waiting for the lock). */
  guest?: boolean;
  /** A sender lock the caller already holds (the CLI waits for it before building the core). */
  lock?: DataFolderLock;
  /** Whether DNS works, to tell a mistyped site from a lost network; Wasp's own names by default. */
  nameResolutionWorks?: NameResolutionCheck;
  /** Take up jobs other processes queue into the folder (default: with autoStart). */
  watchQueue?: boolean;
}

/** The domain: what the app, the CLI and the test harness all run. No Electron, no IPC. */
export interface Core {
  readonly dataDir: string;
  readonly version: string;
  readonly log: Logger;
  readonly jobs: JobService;
  readonly connections: ConnectionsService;
  readonly settings: ImportSettingsStore;
  /** The one door into the queue: rows are judged again by the shared rules before they are stored. */
  readonly intake: JobIntake;
  /** Jobs created in parts (beginJob → addJobRows → commitJob), checked and written in a worker. */
  readonly drafts: JobDrafts;
  /** The saved send setting (most calls in flight). */
  readonly sendSettings: SendSettingsStore;
  readonly nameResolutionWorks: NameResolutionCheck;
  readonly sandboxSite: string | null;
  readonly events: CoreEvents;
  close(): Promise<void>;
}

/** The sandbox's fixed port, so queued Sandbox jobs find it again after a restart. */
export const SANDBOX_PORT = 47811;

/**
 * The composition root of the domain. The Electron lifecycle, the IPC adapter, the CLI and the
 * browser harness are front ends on this; none of them builds a service of its own.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { log } = options;
  const version = appVersion();
  const events = createCoreEventStream((name, e) => log.error('event listener failed', e, { event: name }));

  let simulator: Simulator | null = null;
  if (options.sandbox !== false) {
    const port = options.sandbox?.port ?? SANDBOX_PORT;
    simulator = await startSimulator({ ...SANDBOX_OPTIONS, port }).catch((e: unknown) => {
      log.warn('sandbox port taken, using another', { port }, e);
      return startSimulator({ ...SANDBOX_OPTIONS, port: 0 });
    });
  }
  const sandboxSite = simulator ? new URL(simulator.url).origin : null;

  const connections = new ConnectionsService({
    registry: new SiteRegistry(options.dataDir, {
      onCorrupt: (movedTo, reason) => log.warn('connections file unreadable, kept aside', { movedTo, reason }),
    }),
    store: options.credentials ?? new KeytarCredentialStore(),
    ...(sandboxSite ? { sandbox: { site: sandboxSite, label: 'Sandbox', token: SANDBOX_TOKEN } } : {}),
  });
  const settings = new ImportSettingsStore(options.dataDir);
  const nameResolutionWorks = options.nameResolutionWorks ?? publicNameResolutionCheck();

  const opened = await JobService.open({
    dataDir: options.dataDir,
    version,
    owner: options.owner ?? 'app',
    autoStart: options.autoStart ?? true,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.guest ? { guest: true } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
    transport: (site, inner) =>
      loggedTransport(reachabilityTransport(site, inner, nameResolutionWorks), log.child({ site })),
    getToken: async (site) => {
      try {
        const token = await connections.tokenFor(site);
        log.addSecret(token);
        return token;
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
  for (const problem of jobs.loadProblems) log.warn('job folder not loaded', { problem });
  // The saved send setting, unless the caller (CLI --max-parallel, a test) chose the limit itself.
  const sendSettings = new SendSettingsStore(options.dataDir);
  if (options.send?.concurrency === undefined && options.readOnly !== true)
    jobs.setMaxParallel((await sendSettings.get()).maxParallel);

  const intake = createJobIntake(jobs, judgeRows, () => settings.knownPhoneTypes());
  const drafts = new JobDrafts({ jobs, knownPhoneTypes: () => settings.knownPhoneTypes() });

  // Work the rules start after an event (writing settings, the site registry): close() waits for it,
  // so nothing writes into the data folder after the core has closed.
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const progressToWindow = new ProgressCoalescer((p) => events.emit('jobProgress', p));
  const unsubscribeProgress = jobs.onProgress((p) => {
    progressToWindow.push(p);
    if (p.state === 'auth' || p.state === 'forbidden') {
      const job = jobs.listJobs().find((j) => j.id === p.jobId);
      if (job) {
        track(
          connectionLost(connections, { site: job.site, jobId: job.id, state: p.state, message: p.message }).then(
            (needed) => events.emit('connectionNeeded', needed),
            (e: unknown) => log.error('recording a rejected token failed', e, { jobId: job.id, site: job.site }),
          ),
        );
      }
    }
    if (p.state === 'done') {
      track(
        learnPhoneTypes(jobs, settings, p.jobId).catch((e: unknown) =>
          log.error('learning phone types failed', e, { jobId: p.jobId }),
        ),
      );
    }
    // The site's card on Connect says what the job found, so nobody trusts an address that leads nowhere.
    if (p.state === 'unreachable') {
      const job = jobs.listJobs().find((j) => j.id === p.jobId);
      if (job) {
        track(
          connections
            .recordVerification(job.site, 'unreachable', p.message)
            .catch((e: unknown) =>
              log.error('recording an unreachable site failed', e, { jobId: job.id, site: job.site }),
            ),
        );
      }
    }
  });
  const unsubscribeChanges = jobs.onJobsChanged((list) => events.emit('jobsChanged', list));
  // The app is the folder's long-running sender: a job a CLI queues while the app is open is taken
  // up and sent here (when the app has a token for its site); the CLI follows it to the end.
  const queueWatch =
    (options.watchQueue ?? options.autoStart ?? true) && !options.readOnly
      ? watchQueue(jobs, options.dataDir, (site) =>
          connections.tokenFor(site).then(
            (t) => t.trim() !== '',
            () => false,
          ),
        )
      : null;
  const unpublishLive = queueWatch !== null ? publishLiveStates(jobs, options.dataDir) : () => undefined;

  return {
    dataDir: options.dataDir,
    version,
    log,
    jobs,
    connections,
    settings,
    intake,
    drafts,
    sendSettings,
    nameResolutionWorks,
    sandboxSite,
    events,
    async close() {
      unsubscribeProgress();
      progressToWindow.close();
      unsubscribeChanges();
      await Promise.allSettled([...pending]);
      await queueWatch?.close();
      unpublishLive();
      await drafts.close();
      await jobs.close();
      await simulator?.close();
    },
  };
}
