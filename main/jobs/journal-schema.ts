import { z } from 'zod';

/*
 * What a journal line may hold. Replay trusts nothing it reads: a line with the wrong types, a row
 * index outside the job, or a range that would walk a trillion rows is treated like a torn line
 * (skipped, or cut off at the tail), never obeyed. One job's bad line cannot stall or break the
 * listing of the others.
 */

/** Every resting state a job's journal can record (job-files.ts's PersistedState is this list). */
export const PERSISTED_STATES = ['queued', 'paused', 'stopped', 'auth', 'forbidden', 'unreachable', 'done'] as const;

/** More rows than any job this app creates (the reader stops at 1,000,000 per sheet). */
const MAX_JOB_ROWS = 10_000_000;
const text = (max: number) => z.string().max(max);
const index = z.number().int().nonnegative();

export const HeaderLineSchema = z.object({
  t: z.literal('h'),
  v: z.literal(1),
  id: text(200).min(1),
  name: text(10_000),
  site: text(2_048),
  createdAt: text(64),
  total: z.number().int().min(0).max(MAX_JOB_ROWS),
  invalid: z.array(index),
  skipped: z.array(index),
});
export type HeaderLine = z.infer<typeof HeaderLineSchema>;

const StateLineSchema = z.object({
  t: z.literal('s'),
  at: text(64),
  state: z.enum(PERSISTED_STATES),
  msg: text(16_384).optional(),
});

/** The job was moved to another site (job-move.ts); outcomes after it were answered by that site. */
const MoveLineSchema = z.object({
  t: z.literal('m'),
  at: text(64),
  site: text(2_048).min(1),
});

/** Builds the check for the lines after a header: indices must lie inside the job. */
export function journalLineCheck(total: number): (entry: unknown) => boolean {
  const row = index.max(Math.max(0, total - 1));
  const tuple = z.tuple([
    row,
    text(4_096),
    z.number().int().nullable(),
    z.number().int().nullable(),
    text(1_024).nullable(),
  ]);
  const outcome = z.object({
    t: z.literal('o'),
    at: text(64),
    n: z.number().int().min(0).max(MAX_JOB_ROWS),
    s: z.array(z.number().int()).optional(),
    f: z.array(tuple).optional(),
    w: z.array(tuple).optional(),
  });
  return (entry) => {
    if (StateLineSchema.safeParse(entry).success || MoveLineSchema.safeParse(entry).success) return true;
    const o = outcome.safeParse(entry);
    if (!o.success) return false;
    const s = o.data.s ?? [];
    if (s.length % 2 !== 0) return false;
    for (let j = 0; j < s.length; j += 2) {
      const start = s[j]!;
      const count = s[j + 1]!;
      if (start < 0 || count < 1 || start + count > total) return false;
    }
    return true;
  };
}

/** The header's invalid/skipped lists must name rows of the job. */
export function headerIsConsistent(h: HeaderLine): boolean {
  return h.invalid.every((i) => i < h.total) && h.skipped.every((i) => i < h.total);
}
