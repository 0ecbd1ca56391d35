import type { WaspRecordResult } from '../../shared/domain/job.js';
import type { ItemOutcome } from '../sending/types.js';
import type { DetailTuple, OutcomeEntry } from './job-files.js';

/** How answered rows are written in a journal's outcome line, and read back. */

export function encodeOutcomes(outcomes: readonly ItemOutcome[], batchesDone: number, at: string): OutcomeEntry {
  const entry: OutcomeEntry = { t: 'o', at, n: batchesDone };
  const saved: number[] = [];
  const failed: DetailTuple[] = [];
  const warned: DetailTuple[] = [];
  const ids = outcomes.filter((o) => o.status === 'saved' && o.message === undefined).map((o) => o.id);
  ids.sort((a, b) => a - b);
  for (const id of ids) addSavedRow(saved, id);
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

/** Appends row `id` (ascending) to saved rows kept as [start, count] runs: contiguous rows stay one pair. */
export function addSavedRow(runs: number[], id: number): void {
  const last = runs.length - 2;
  if (last >= 0 && runs[last]! + runs[last + 1]! === id) runs[last + 1]!++;
  else runs.push(id, 1);
}
