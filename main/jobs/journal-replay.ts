import { join } from 'node:path';
import type { JobCounts } from '../../shared/domain/job.js';
import { readJournal, truncateJournal } from './journal.js';
import { headerIsConsistent, HeaderLineSchema, journalLineCheck } from './journal-schema.js';
import {
  JOURNAL_FILE,
  STATUS,
  type DetailTuple,
  type HeaderEntry,
  type MoveEntry,
  type OutcomeEntry,
  type PersistedState,
  type StateEntry,
} from './job-files.js';

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
