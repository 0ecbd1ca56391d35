import type { AppErrorValue } from '../../shared/domain/app-error.js';
import type { JobProgress, JobSummary } from '../../shared/domain/job.js';
import type { BatchTransport, SendOptions } from '../sending/types.js';
import type { JobService } from './job-service.js';
import type { DataFolderLock, LockHolder } from './lock.js';

/** How a job service is opened, and what it answers to open and to its listeners. */

export interface JobServiceOptions {
  /** Folder that holds jobs/ and the sender lock; the app passes its userData path, the CLI its own. */
  dataDir: string;
  /** The token for a site, or null when none is saved. Called when a job starts and after tokenChanged. */
  getToken(site: string): Promise<string | null>;
  /** Product version for the User-Agent. */
  version: string;
  os?: string;
  /** Who is sending, named in the lock so another sender's error can say who holds it: 'app' or 'cli'. */
  owner?: string;
  /** Resume unfinished jobs at once (the app does; a CLI listing jobs does not). */
  autoStart?: boolean;
  /**
   * Read the jobs without taking the sender lock and without ever sending or writing: for listing
   * the jobs of a folder another program (the app, a CLI run) is sending from right now.
   */
  readOnly?: boolean;
  /**
   * With readOnly: may still create new jobs. A new job folder appears whole (written aside, then
   * renamed), so a process waiting for the sender lock can queue its job for the holder to take.
   */
  guest?: boolean;
  /** A sender lock already taken by the caller (the CLI waits for it); released by close(). */
  lock?: DataFolderLock;
  /** Wraps each job's transport (the reachability check that tells a wrong address from a lost network). */
  transport?: (site: string, inner: BatchTransport) => BatchTransport;
  send?: Partial<SendOptions>;
  /** Per-call limit for Wasp calls. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type OpenJobServiceResult =
  { ok: true; value: JobService } | { ok: false; error: AppErrorValue; lockedBy?: LockHolder };

export type ProgressListener = (progress: JobProgress) => void;
/** Called with the whole list after a job is created, deleted, or comes to rest in a new state. */
export type JobsChangedListener = (jobs: JobSummary[]) => void;
