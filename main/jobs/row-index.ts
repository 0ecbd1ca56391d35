import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobCounts, RowStatus } from '../../shared/domain/job.js';
import type { SendItem } from '../sending/types.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import { pageWindow } from './job-input-checks.js';
import { STATUS, STATUS_NAMES, type DetailTuple, type StoredRow } from './job-files.js';
import { READ_CHUNK_ROWS, ROW_INDEX_FILE, RowReader } from './row-store.js';

/**
 * Pages of an indexed job (rows stored in sheet order with a byte index), in time that depends on
 * the page, not on the job: row outcomes come from the statuses the queue keeps in memory (one byte
 * a row) and the messages of failed and warned rows from a map kept up to date as batches are
 * recorded; only the page's own rows are read from disk.
 */
export interface IndexedPageQuery {
  offset: number;
  limit: number;
  statuses?: readonly RowStatus[];
  /** Only rows this accepts (Results' search by customer or phone): the rows file is read through once. */
  matches?: ((record: PhoneRecord) => boolean) | null;
}

export interface IndexedPage {
  total: number;
  /** Positions of the rows returned (stored order = sheet order). */
  positions: number[];
  rows: StoredRow[];
}

export async function isIndexedJob(dir: string): Promise<boolean> {
  try {
    await access(join(dir, ROW_INDEX_FILE));
    return true;
  } catch {
    return false;
  }
}

/** Which positions a page holds. With a status filter the in-memory statuses are scanned (a byte per row). */
export function pagePositions(
  status: Uint8Array,
  counts: JobCounts,
  query: IndexedPageQuery,
): { total: number; positions: number[] } {
  const { offset, limit } = pageWindow(query);
  if (query.statuses === undefined) {
    const end = Math.min(status.length, offset + limit);
    const positions: number[] = [];
    for (let i = offset; i < end; i++) positions.push(i);
    return { total: status.length, positions };
  }
  const wanted = new Uint8Array(STATUS_NAMES.length);
  let total = 0;
  for (const s of new Set(query.statuses)) {
    wanted[STATUS[s]] = 1;
    total += counts[s];
  }
  const positions: number[] = [];
  let skipped = 0;
  for (let i = 0; i < status.length && positions.length < limit; i++) {
    if (wanted[status[i]!] !== 1) continue;
    if (skipped < offset) skipped++;
    else positions.push(i);
  }
  return { total, positions };
}

export async function readIndexedPage(
  dir: string,
  status: Uint8Array,
  counts: JobCounts,
  query: IndexedPageQuery,
): Promise<IndexedPage> {
  if (query.matches) return searchIndexedPage(dir, status, query, query.matches);
  const { total, positions } = pagePositions(status, counts, query);
  const reader = await RowReader.open(dir);
  try {
    return { total, positions, rows: await reader.rowsAt(positions) };
  } finally {
    await reader.close();
  }
}

/** A search has to look at every row's record; it still keeps only the page's rows. */
async function searchIndexedPage(
  dir: string,
  status: Uint8Array,
  query: IndexedPageQuery,
  matches: (record: PhoneRecord) => boolean,
): Promise<IndexedPage> {
  const { offset, limit } = pageWindow(query);
  const wanted = query.statuses === undefined ? null : new Set(query.statuses.map((s) => STATUS[s]));
  const reader = await RowReader.open(dir);
  const positions: number[] = [];
  const rows: StoredRow[] = [];
  let total = 0;
  try {
    let i = 0;
    for await (const part of reader.all()) {
      for (const r of part) {
        if ((wanted === null || wanted.has(status[i] as (typeof STATUS)[keyof typeof STATUS])) && matches(r.record)) {
          if (total >= offset && positions.length < limit) {
            positions.push(i);
            rows.push(r);
          }
          total++;
        }
        i++;
      }
    }
  } finally {
    await reader.close();
  }
  return { total, positions, rows };
}

/**
 * Rows a send reads at a time: whole pages, about one batch. Rows read ahead wait in main's heap
 * until they are sent; read 2,048 at a time, those of a fast send outlived young-generation
 * collections, were promoted and died in the old generation, which then needed a full collection
 * every ~200 ms (traced in bench:scale's 100,000-row send: pauses of 8-14 ms). Read a batch at a
 * time most die young (three traced runs: the full collections during the send paused 3-4 ms).
 */
export const PENDING_READ_ROWS = READ_CHUNK_ROWS / 4;

/**
 * The records still to send, read in sheet order as a run asks for them: a run holds only the
 * batches it is sending, never every pending row of a million-row job (whose objects would make
 * each of main's garbage collections long), and main parses the rows file PENDING_READ_ROWS at a
 * time, so its event loop is free between the pieces.
 */
export class PendingRowReader {
  private next = 0;
  private ready: SendItem[] = [];

  private constructor(
    private readonly reader: RowReader,
    private readonly status: Uint8Array,
    private readonly chunk: number,
  ) {}

  static async open(dir: string, status: Uint8Array, chunk = PENDING_READ_ROWS): Promise<PendingRowReader> {
    return new PendingRowReader(await RowReader.open(dir), status, chunk);
  }

  /** Up to `max` items still pending, in sheet order; null once the file is read through. */
  async take(max: number): Promise<SendItem[] | null> {
    while (this.ready.length < max && this.next < this.reader.total) {
      const from = this.next;
      const rows = await this.reader.range(from, from + this.chunk);
      this.next = from + rows.length;
      if (rows.length === 0) break;
      // A row answered since (by this run) is skipped: only rows still pending are sent.
      rows.forEach((r, k) => {
        if (this.status[from + k] === STATUS.pending) this.ready.push({ id: from + k, record: r.record });
      });
    }
    if (this.ready.length === 0) return null;
    return this.ready.splice(0, max);
  }

  async close(): Promise<void> {
    await this.reader.close();
  }
}

/** Messages of failed and warned rows, by row position. */
export type DetailMap = Map<number, DetailTuple>;
