import { z } from 'zod';
import { err, ok, type Result } from '../../shared/domain/app-error.js';
import type { Mapping } from '../../shared/domain/job.js';
import {
  PHONE_FIELDS,
  SourceRecordSchema,
  type PhoneField,
  type SourceRecord,
} from '../../shared/domain/phone-record.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import type { RowVerdict } from '../../shared/records/judge-rows.js';

/** A row handed to createJob: the sheet row as read. Whether it is sent is its verdict's to say (NewJob.verdicts). */
export type NewJobRow = SourceRecord;

/** What the queue is asked to store and send (from the intake, the CLI, tests). */
export interface NewJob {
  name: string;
  site: string;
  mapping: Mapping;
  headers: string[];
  /** The rows as read from the sheet; anything else a row carries (a window's `excluded`) is not stored. */
  rows: readonly NewJobRow[];
  /**
   * Per row (same order), what the shared rules decided (shared/records/judge-rows.ts): the one
   * place a row is said to be invalid or skipped, with why. Without it every row is sent.
   */
  verdicts?: readonly RowVerdict[];
  /**
   * true (default): queue and send now. false: store it `paused` until the user resumes it.
   * 'later': store it `queued` without sending from here; whoever opens the folder with autoStart
   * (the app) or runs `resume` sends it (the CLI's --queue-only).
   */
  start?: boolean | 'later';
}

/** A new job that passed the checks: name trimmed, site normalised, one verdict per row or none. */
export interface CheckedNewJob extends NewJob {
  verdicts: readonly RowVerdict[] | undefined;
}

/**
 * A row as the queue stores it: the shared row schema (shared/domain/phone-record.ts) with its
 * four record fields, but without the size limits a window's rows are held to by the IPC contract.
 * A CLI sheet's over-long field or very wide row is for the record rules to judge (an invalid row,
 * kept for the report), never a reason to refuse the whole job.
 */
export const StorableRowSchema = SourceRecordSchema.extend({
  cells: z.array(z.string()),
  // A strict object of the four fields (no fifth key), not z.record over them: zod compiles an
  // object's shape into one function, which checks a 100,000-row job in a third of the time.
  record: z.strictObject(
    Object.fromEntries(PHONE_FIELDS.map((f) => [f, z.string()])) as Record<PhoneField, z.ZodString>,
  ),
});

const ROW_NUMBER = SourceRecordSchema.shape.row;

/**
 * True for a row the schema accepts, recognised without zod's copy of it: zod builds a new row,
 * cells array and record for every row it checks, which was most of the check's time (17 of 22 ms
 * of CPU for 100,000 rows) and all of its garbage. A row this does not recognise goes to the
 * schema, which decides and says what is wrong; so this can make the check faster but never
 * looser (job-input-checks.test holds it to that on every kind of row the schema refuses).
 */
export function isPlainStorableRow(r: unknown): boolean {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  const { row, cells, record } = r as { row?: unknown; cells?: unknown; record?: unknown };
  if (typeof row !== 'number' || !Number.isInteger(row)) return false;
  if (row < (ROW_NUMBER.minValue ?? 1) || row > (ROW_NUMBER.maxValue ?? 0)) return false;
  if (!Array.isArray(cells)) return false;
  for (let i = 0; i < cells.length; i++) if (typeof cells[i] !== 'string') return false;
  if (typeof record !== 'object' || record === null || Object.getPrototypeOf(record) !== Object.prototype) return false;
  let keys = 0;
  for (const key in record) if (Object.hasOwn(record, key)) keys++;
  if (keys !== PHONE_FIELDS.length) return false;
  const rec = record as Record<string, unknown>;
  for (const f of PHONE_FIELDS) if (typeof rec[f] !== 'string') return false;
  return true;
}

/** Why the queue cannot store the row (the schema's first issue), or null when it can. */
function storableRowProblem(r: unknown): { message: string; path: PropertyKey[] } | null {
  if (isPlainStorableRow(r)) return null;
  const parsed = StorableRowSchema.safeParse(r);
  if (parsed.success) return null;
  return parsed.error.issues[0] ?? { message: 'it is not a row', path: [] };
}

/** Everything wrong with a new job that would stop it being stored, as a validation error naming the row and field. */
export function checkNewJob(input: NewJob): Result<CheckedNewJob> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') return err('validation', 'Give the job a name.');
  const site = parseSiteUrl(typeof input.site === 'string' ? input.site : '');
  if (!site.ok) return site;
  if (!Array.isArray(input.rows) || input.rows.length === 0) return err('validation', 'The job has no rows.');
  for (let i = 0; i < input.rows.length; i++) {
    const issue = storableRowProblem(input.rows[i]);
    if (issue !== null) {
      const field = issue.path.length === 0 ? '' : ` (${issue.path.map(String).join('.')})`;
      return err('validation', `Row ${i + 1} of the job cannot be stored: ${issue.message}${field}.`, `rows[${i}]`);
    }
  }
  const verdicts = input.verdicts;
  if (verdicts !== undefined && verdicts.length !== input.rows.length)
    return err(
      'validation',
      `The job has ${input.rows.length} rows but ${verdicts.length} verdicts: every row needs one. Nothing was stored.`,
    );
  return ok({
    ...input,
    name,
    site: site.value,
    headers: Array.isArray(input.headers) ? input.headers.map(String) : [],
    verdicts,
  });
}

/** A page's window over a selection of rows: whole numbers, offset at least 0, at least one row. */
export function pageWindow(query: { offset: number; limit: number }): { offset: number; limit: number } {
  return { offset: Math.max(0, Math.floor(query.offset)), limit: Math.max(1, Math.floor(query.limit)) };
}
