import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROW_STATUSES,
  type JobCounts,
  type Mapping,
  type RowStatus,
  type WaspRecordResult,
} from '../../shared/domain/job.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { ItemOutcome } from '../sending/types.js';
import { fsyncDir } from '../storage/fsync-dir.js';
import { writeNewFileSynced } from '../storage/synced-file.js';
import { readJournal, truncateJournal } from './journal.js';
import { headerIsConsistent, HeaderLineSchema, journalLineCheck, PERSISTED_STATES } from './journal-schema.js';
import { isIndexedHeader, readIndexedDefinition } from './row-store.js';

/*
 * On-disk layout, one folder per job under <data>/jobs/<id>/:
 *   job.json       what the job is: name, site, mapping, headers and every row (written once);
 *                  version 2 keeps the rows beside it in sheet order, indexed (row-store.ts);
 *   journal.jsonl  what happened since: one JSON line per answered batch and per state change.
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

/** The job was moved to another site: outcomes after this line were answered by `site`. */
export interface MoveEntry {
  t: 'm';
  at: string;
  site: string;
}

export const JOB_FILE = 'job.json';
export const JOURNAL_FILE = 'journal.jsonl';

export const jobsRoot = (dataDir: string) => join(dataDir, 'jobs');

/**
 * Writes a new job so that it either exists completely or not at all: both files go into a
 * temporary folder, are synced, and the folder is renamed into place (then the parent is synced).
 */
export async function writeNewJob(dataDir: string, def: JobDefinition): Promise<void> {
  const root = jobsRoot(dataDir);
  await mkdir(root, { recursive: true });
  const tmp = join(root, tempJobFolderName(def.id));
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  const invalid: number[] = [];
  const skipped: number[] = [];
  def.rows.forEach((r, i) => {
    if (r.status === 'invalid') invalid.push(i);
    else if (r.status === 'skipped') skipped.push(i);
  });
  const header: HeaderEntry = {
    t: 'h',
    v: 1,
    id: def.id,
    name: def.name,
    site: def.site,
    createdAt: def.createdAt,
    total: def.rows.length,
    invalid,
    skipped,
  };
  const state: StateEntry = { t: 's', at: def.createdAt, state: 'queued' };
  await Promise.all([
    writeNewFileSynced(join(tmp, JOB_FILE), encodeDefinition(def)),
    writeNewFileSynced(join(tmp, JOURNAL_FILE), `${JSON.stringify(header)}\n${JSON.stringify(state)}\n`),
  ]);
  await fsyncDir(tmp);
  await rename(tmp, join(root, def.id));
  await fsyncDir(root);
}

/** Rows as arrays rather than objects: a 100,000-row job is written and parsed noticeably faster. */
function encodeDefinition(def: JobDefinition): string {
  const rows = def.rows.map((r) => {
    const rec = r.record;
    const base = [r.row, r.cells, rec.CustomerNumber, rec.PhoneNumber, rec.PhoneExtension, rec.PhoneTypeName, r.status];
    return r.message === undefined ? base : [...base, r.message];
  });
  return JSON.stringify({
    v: 1,
    id: def.id,
    name: def.name,
    site: def.site,
    createdAt: def.createdAt,
    mapping: def.mapping,
    headers: def.headers,
    rows,
  });
}

export async function readDefinition(jobDir: string): Promise<JobDefinition> {
  const fh = await open(join(jobDir, JOB_FILE), 'r');
  let raw: unknown;
  try {
    raw = JSON.parse(await fh.readFile('utf8'));
  } finally {
    await fh.close();
  }
  // Version 2 keeps its rows beside job.json, indexed (row-store.ts).
  if (isIndexedHeader(raw)) return readIndexedDefinition(jobDir, raw);
  const o = raw as {
    v?: unknown;
    id?: unknown;
    name?: unknown;
    site?: unknown;
    createdAt?: unknown;
    mapping?: unknown;
    headers?: unknown;
    rows?: unknown;
  };
  if (o.v !== 1 || typeof o.id !== 'string' || !Array.isArray(o.rows))
    throw new Error(`${jobDir}: not a job file this version can read`);
  const rows: StoredRow[] = (o.rows as unknown[]).map((x) => {
    const a = x as [number, string[], string, string, string, string, StoredRow['status'], string?];
    const row: StoredRow = {
      row: a[0],
      cells: a[1],
      record: { CustomerNumber: a[2], PhoneNumber: a[3], PhoneExtension: a[4], PhoneTypeName: a[5] },
      status: a[6],
    };
    if (a[7] !== undefined) row.message = a[7];
    return row;
  });
  return {
    id: o.id,
    name: textField(o.name),
    site: textField(o.site),
    createdAt: textField(o.createdAt),
    mapping: o.mapping as Mapping,
    headers: Array.isArray(o.headers) ? (o.headers as string[]) : [],
    rows,
  };
}

export function encodeOutcomes(outcomes: readonly ItemOutcome[], batchesDone: number, at: string): OutcomeEntry {
  const entry: OutcomeEntry = { t: 'o', at, n: batchesDone };
  const saved: number[] = [];
  const failed: DetailTuple[] = [];
  const warned: DetailTuple[] = [];
  const ids = outcomes.filter((o) => o.status === 'saved' && o.message === undefined).map((o) => o.id);
  ids.sort((a, b) => a - b);
  for (const id of ids) {
    const last = saved.length - 2;
    if (last >= 0 && saved[last]! + saved[last + 1]! === id) saved[last + 1]!++;
    else saved.push(id, 1);
  }
  for (const o of outcomes) {
    if (o.status === 'failed') failed.push(detail(o));
    else if (o.message !== undefined) warned.push(detail(o));
  }
  if (saved.length > 0) entry.s = saved;
  if (failed.length > 0) entry.f = failed;
  if (warned.length > 0) entry.w = warned;
  return entry;
}

function detail(o: ItemOutcome): DetailTuple {
  const w = o.wasp ?? {};
  return [o.id, o.message ?? w.message ?? '', w.httpStatusCode ?? null, w.resultCode ?? null, w.fieldName ?? null];
}

export function tupleToWasp(t: DetailTuple): WaspRecordResult {
  const r: WaspRecordResult = {};
  if (t[1] !== '') r.message = t[1];
  if (t[2] !== null) r.httpStatusCode = t[2];
  if (t[3] !== null) r.resultCode = t[3];
  if (t[4] !== null) r.fieldName = t[4];
  return r;
}

/** The journal cannot be replayed at all (missing, empty, or no valid header): the job is damaged. */
export class JournalDamaged extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'JournalDamaged';
  }
}

/** A job as rebuilt from its journal. */
export interface ReplayedJob {
  header: HeaderEntry;
  /** One STATUS code per row. */
  status: Uint8Array;
  counts: JobCounts;
  state: PersistedState;
  stateMessage: string | undefined;
  batchesDone: number;
  updatedAt: string;
  /** Messages and Wasp results for failed and warned rows, when asked for. */
  details: Map<number, DetailTuple> | null;
  /** The site the job sends to now: the header's, or the last move's. */
  site: string;
  /** Every site the job was pointed at, in order (one unless it was moved). */
  sites: string[];
  /** With details: per row, the index in `sites` of the site that answered it (answered rows only). */
  answeredBy: Uint8Array | null;
}

/**
 * Replays a journal. With `repair`, a torn tail is cut off so appends start on a clean line; without
 * it (reading while another part of this process may be appending) the tail is only ignored.
 */
export async function replayJournal(jobDir: string, opts: { repair: boolean; details: boolean }): Promise<ReplayedJob> {
  const path = join(jobDir, JOURNAL_FILE);
  let check: ((entry: unknown) => boolean) | null = null;
  const read = await readJournal(path, (entry, k) => {
    if (k > 0) return check !== null && check(entry);
    const h = HeaderLineSchema.safeParse(entry);
    if (!h.success || !headerIsConsistent(h.data)) return false;
    check = journalLineCheck(h.data.total);
    return true;
  });
  const header = read.entries[0] as HeaderEntry | undefined;
  // Without its first line the journal says nothing about the job: leave it as it is (no repair).
  if (header === undefined || check === null)
    throw new JournalDamaged(
      read.validLength === 0 && read.entries.length === 0
        ? 'its progress file has no readable first line'
        : 'its progress file is not one this version can read',
    );
  if (opts.repair && read.tornTail) await truncateJournal(path, read.validLength);
  const status = new Uint8Array(header.total);
  for (const i of header.invalid) status[i] = STATUS.invalid;
  for (const i of header.skipped) status[i] = STATUS.skipped;
  const counts: JobCounts = {
    total: header.total,
    saved: 0,
    failed: 0,
    invalid: header.invalid.length,
    skipped: header.skipped.length,
    pending: header.total - header.invalid.length - header.skipped.length,
  };
  const details = opts.details ? new Map<number, DetailTuple>() : null;
  let state: PersistedState = 'queued';
  let stateMessage: string | undefined;
  let batchesDone = 0;
  let updatedAt = header.createdAt;
  const sites = [header.site];
  const answeredBy = opts.details ? new Uint8Array(header.total) : null;
  // Only a pending row can change: a row answered twice (resent after a crash) is counted once.
  const settle = (i: number, to: number) => {
    if (i < 0 || i >= status.length || status[i] !== STATUS.pending) return false;
    status[i] = to;
    if (answeredBy !== null) answeredBy[i] = sites.length - 1;
    counts.pending--;
    if (to === STATUS.saved) counts.saved++;
    else counts.failed++;
    return true;
  };
  for (let k = 1; k < read.entries.length; k++) {
    const e = read.entries[k] as OutcomeEntry | StateEntry | MoveEntry;
    if (e.t === 'o') {
      const s = e.s ?? [];
      for (let j = 0; j + 1 < s.length; j += 2) for (let i = s[j]!; i < s[j]! + s[j + 1]!; i++) settle(i, STATUS.saved);
      for (const t of e.w ?? []) if (settle(t[0], STATUS.saved)) details?.set(t[0], t);
      for (const t of e.f ?? []) if (settle(t[0], STATUS.failed)) details?.set(t[0], t);
      batchesDone = Math.max(batchesDone, e.n);
      updatedAt = e.at;
    } else if (e.t === 's') {
      state = e.state;
      stateMessage = e.msg;
      updatedAt = e.at;
    } else if (e.t === 'm' && typeof e.site === 'string' && sites.length < 255) {
      sites.push(e.site);
      updatedAt = e.at;
    }
  }
  return {
    header,
    status,
    counts,
    state,
    stateMessage,
    batchesDone,
    updatedAt,
    details,
    site: sites[sites.length - 1]!,
    sites,
    answeredBy,
  };
}

const LEFTOVER_AGE_MS = 60 * 60_000;

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The hidden folder a job is written in before it is placed. It names the writing process, so the
 * next start can tell a crashed writer's leftover (its process is gone) from a job another live
 * process (a CLI queuing into a folder the app holds) is writing right now.
 */
export function tempJobFolderName(name: string): string {
  return `.tmp-${process.pid}-${name}`;
}

/** Whether that process still runs (signal 0 only asks; EPERM means it runs under another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isLeftoverTemp(root: string, n: string): Promise<boolean> {
  const pid = /^\.tmp-(\d+)-/.exec(n)?.[1];
  // A writer that is gone left it; a pid can be reused, so an hour-old folder is a leftover anyway.
  if (pid !== undefined && Number(pid) !== process.pid && !processRuns(Number(pid))) return true;
  return (await ageMs(join(root, n))) > LEFTOVER_AGE_MS;
}

/** Job folders present, leftovers of interrupted creations and deletions removed. */
export async function listJobDirs(dataDir: string): Promise<string[]> {
  const root = jobsRoot(dataDir);
  await mkdir(root, { recursive: true });
  const names = await readdir(root);
  const ids: string[] = [];
  for (const n of names) {
    // A `.tmp-` folder may be a job another process is writing right now (a CLI queuing into a
    // folder the app holds): only a dead writer's, or one left for an hour, is a leftover.
    if (n.startsWith('.deleted-') || (n.startsWith('.tmp-') && (await isLeftoverTemp(root, n))))
      await rm(join(root, n), { recursive: true, force: true });
    else if (!n.startsWith('.')) ids.push(n);
  }
  return ids;
}

/** Deleting is a rename first, so a crash half-way leaves a hidden leftover, never half a job. */
export async function removeJobDir(dataDir: string, id: string): Promise<void> {
  const root = jobsRoot(dataDir);
  const gone = join(root, `.deleted-${id}`);
  await rename(join(root, id), gone);
  await fsyncDir(root);
  await rm(gone, { recursive: true, force: true });
}

/** A version-1 text field: absent → '', a string as is, a number or boolean as its text; anything else (a hand-damaged file) as its `[object …]` tag, never an object's own toString. */
function textField(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v === undefined || v === null ? '' : Object.prototype.toString.call(v);
}
