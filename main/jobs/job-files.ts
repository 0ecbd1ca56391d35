import { join } from 'node:path';
import { ROW_STATUSES, type Mapping, type RowStatus } from '../../shared/domain/job.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { PERSISTED_STATES } from './journal-schema.js';

/*
 * On-disk layout, one folder per job under <data>/jobs/<id>/:
 *   job.json       what the job is: name, site, mapping, headers (written once); version 2 keeps
 *                  the rows beside it in sheet order, indexed (row-store.ts), version 1 (written by
 *                  earlier releases, still read: job-definition.ts) holds every row itself;
 *   journal.jsonl  what happened since: one JSON line per answered batch and per state change
 *                  (replayed by journal-replay.ts, written by the queue and job-outcomes.ts).
 * Folders come and go whole (job-folders.ts).
 *
 * Why a journal and not SQLite: a native SQLite module must be rebuilt for each Electron ABI and
 * each platform, and this code also runs under plain Node (CLI, tests). The journal needs no
 * native code, appending a line plus fdatasync per batch is the only write on the hot path, and
 * recovery is a replay whose only failure mode (a line cut short by a crash) is recognisable and
 * discarded. The big, immutable part lives in job.json so listing jobs reads only journals.
 * No token is ever written: the job names its site, and the token is looked up when sending.
 */

export const STATUS = { pending: 0, saved: 1, failed: 2, invalid: 3, skipped: 4 } as const;
// The order is the on-disk status code: never reorder ROW_STATUSES.
export const STATUS_NAMES: readonly RowStatus[] = ROW_STATUSES;

/** States worth remembering across restarts; sending/waiting/offline are facts of a running process. */
export type PersistedState = (typeof PERSISTED_STATES)[number];

export interface StoredRow {
  row: number;
  cells: string[];
  record: PhoneRecord;
  status: 'pending' | 'invalid' | 'skipped';
  message?: string;
}

/** What a job is, apart from its rows: the same in every on-disk version. */
export interface JobMeta {
  id: string;
  name: string;
  site: string;
  createdAt: string;
  mapping: Mapping;
  headers: string[];
}

export interface JobDefinition extends JobMeta {
  rows: StoredRow[];
}

export interface HeaderEntry {
  t: 'h';
  v: 1;
  id: string;
  name: string;
  site: string;
  createdAt: string;
  total: number;
  invalid: number[];
  skipped: number[];
}

/** [row index, message, HttpStatusCode, ResultCode, FieldName]; nulls keep the line short and fixed-shape. */
export type DetailTuple = [number, string, number | null, number | null, string | null];

export interface OutcomeEntry {
  t: 'o';
  at: string;
  /** Planned batches finished so far (after this entry). */
  n: number;
  /** Saved rows as [start, count] pairs: contiguous runs are the common case and stay tiny. */
  s?: number[];
  f?: DetailTuple[];
  /** Saved with a warning. */
  w?: DetailTuple[];
}

export interface StateEntry {
  t: 's';
  at: string;
  state: PersistedState;
  msg?: string;
}

/** A state line; `msg` only when there is one, so lines stay short. */
export function stateEntry(at: string, state: PersistedState, msg?: string): StateEntry {
  return msg === undefined ? { t: 's', at, state } : { t: 's', at, state, msg };
}

/** The job was moved to another site: outcomes after this line were answered by `site`. */
export interface MoveEntry {
  t: 'm';
  at: string;
  site: string;
}

export const JOB_FILE = 'job.json';
export const JOURNAL_FILE = 'journal.jsonl';

export const jobsRoot = (dataDir: string) => join(dataDir, 'jobs');
