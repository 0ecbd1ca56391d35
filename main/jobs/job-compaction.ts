import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { JOURNAL_FILE, STATUS, stateEntry, type DetailTuple, type OutcomeEntry } from './job-files.js';
import { addSavedRow } from './job-outcomes.js';
import { replayJournal } from './journal-replay.js';

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
      else addSavedRow(saved, i);
    } else if (code === STATUS.failed) {
      failed.push(r.details?.get(i) ?? [i, '', null, null, null]);
    }
  }
  const outcome: OutcomeEntry = { t: 'o', at: r.updatedAt, n: r.batchesDone };
  if (saved.length > 0) outcome.s = saved;
  if (failed.length > 0) outcome.f = failed;
  if (warned.length > 0) outcome.w = warned;
  const state = stateEntry(r.updatedAt, r.state, r.stateMessage);
  const lines = [JSON.stringify(r.header)];
  if (r.batchesDone > 0 || saved.length + failed.length + warned.length > 0) lines.push(JSON.stringify(outcome));
  lines.push(JSON.stringify(state));
  const text = `${lines.join('\n')}\n`;

  const fh0 = await open(path, 'r');
  const before = (await fh0.stat()).size;
  await fh0.close();
  // Beside the old one, synced, renamed over it: a crash leaves one complete journal or the other.
  await writeFileAtomic(path, text);
  return { before, after: Buffer.byteLength(text) };
}
