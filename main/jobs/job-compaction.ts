import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../storage/fsync-dir.js';
import {
  JOURNAL_FILE,
  replayJournal,
  STATUS,
  type DetailTuple,
  type OutcomeEntry,
  type StateEntry,
} from './job-files.js';

/**
 * Rewrites a finished job's journal as its final state: the header, one outcome line (saved rows as
 * runs, failed and warned rows with Wasp's answers) and the last state line. Replaying it gives the
 * same rows, counts, batches and state as replaying the long one, in a fraction of the reading.
 * The new journal is written beside the old one, synced and renamed over it, so a crash at any
 * moment leaves one complete journal or the other. Only for jobs nobody appends to any more.
 */
export async function compactJournal(jobDir: string): Promise<{ before: number; after: number } | null> {
  const r = await replayJournal(jobDir, { repair: false, details: true });
  // A job moved to another site keeps its whole journal: which site answered each row is told by
  // where the move lines stand among the outcome lines, and one outcome line cannot say that.
  if (r.counts.pending > 0 || r.state !== 'done' || r.sites.length > 1) return null;
  const path = join(jobDir, JOURNAL_FILE);
  const saved: number[] = [];
  const failed: DetailTuple[] = [];
  const warned: DetailTuple[] = [];
  for (let i = 0; i < r.status.length; i++) {
    const code = r.status[i];
    if (code === STATUS.saved) {
      const t = r.details?.get(i);
      if (t !== undefined) warned.push(t);
      else {
        const last = saved.length - 2;
        if (last >= 0 && saved[last]! + saved[last + 1]! === i) saved[last + 1]!++;
        else saved.push(i, 1);
      }
    } else if (code === STATUS.failed) {
      failed.push(r.details?.get(i) ?? [i, '', null, null, null]);
    }
  }
  const outcome: OutcomeEntry = { t: 'o', at: r.updatedAt, n: r.batchesDone };
  if (saved.length > 0) outcome.s = saved;
  if (failed.length > 0) outcome.f = failed;
  if (warned.length > 0) outcome.w = warned;
  const state: StateEntry =
    r.stateMessage === undefined
      ? { t: 's', at: r.updatedAt, state: r.state }
      : { t: 's', at: r.updatedAt, state: r.state, msg: r.stateMessage };
  const lines = [JSON.stringify(r.header)];
  if (r.batchesDone > 0 || saved.length + failed.length + warned.length > 0) lines.push(JSON.stringify(outcome));
  lines.push(JSON.stringify(state));
  const text = `${lines.join('\n')}\n`;

  const fh0 = await open(path, 'r');
  const before = (await fh0.stat()).size;
  await fh0.close();
  const tmp = join(jobDir, `.${JOURNAL_FILE}.compact`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(jobDir);
  return { before, after: Buffer.byteLength(text) };
}
