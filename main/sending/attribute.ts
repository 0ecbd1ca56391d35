import type { WaspRecordResult } from '../../shared/domain/job.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import { envelopeMessage, envelopeReportsErrors, isFailedResult, type WaspEnvelope } from '../wasp-api/envelope.js';
import { totalsContradict } from './answer-totals.js';

/** Per record: what the answer says about it, or undefined when it cannot be told. */
export type Attributed =
  | { status: 'saved'; wasp?: WaspRecordResult; message?: string }
  | { status: 'failed'; message: string; wasp: WaspRecordResult };

/**
 * Ties Wasp's answer to the records of the batch without assuming how ResultList is laid out:
 *  1. no error reported anywhere → every record saved;
 *  2. one entry per record whose failures name their own record (or name none) → by position;
 *  3. failure entries that carry a record's key (CustomerNumber or PhoneNumber, in FieldName or
 *     Message) → by key; the other records are saved only if every reported error was placed;
 *  4. whatever is left unknown (undefined) is resent by the caller in halves, which is safe
 *     because the call is an upsert, until single records give unambiguous answers.
 */
export function attributeResults(records: readonly PhoneRecord[], envelope: WaspEnvelope): (Attributed | undefined)[] {
  return unlessTotalsContradict(attributeByAnswer(records, envelope), envelope);
}

/**
 * Saves are trusted only when the answer's counts can be true of them; otherwise those records are
 * left unknown, so the caller sends them again (in halves) until an answer accounts for each one.
 * Failures the answer names stay failures: a record it says it refused was not saved either way.
 */
function unlessTotalsContradict(out: (Attributed | undefined)[], envelope: WaspEnvelope): (Attributed | undefined)[] {
  const saved = out.reduce((k, v) => (v?.status === 'saved' ? k + 1 : k), 0);
  if (saved === 0 || totalsContradict(envelope, out.length, saved) === null) return out;
  return out.map((v) => (v?.status === 'saved' ? undefined : v));
}

function attributeByAnswer(records: readonly PhoneRecord[], envelope: WaspEnvelope): (Attributed | undefined)[] {
  const n = records.length;
  const list = envelope.resultList;

  if (!envelopeReportsErrors(envelope)) {
    // Keep per-record warnings (e.g. 207) when the list lines up with the records.
    return records.map((_, i) => savedWith(list.length === n ? list[i] : undefined));
  }

  if (list.length === n && positionsAgree(records, list)) {
    return records.map((_, i) => {
      const r = list[i]!;
      return isFailedResult(r) ? failed(r) : savedWith(r);
    });
  }

  return byKey(records, envelope);
}

/**
 * The single-record fallback: when even a one-record call says "error" without a usable entry,
 * the error is that record's, explained with whatever text the answer had.
 */
export function singleRecordFailure(envelope: WaspEnvelope): { message: string; wasp: WaspRecordResult } {
  const mismatch = envelopeReportsErrors(envelope) ? null : totalsContradict(envelope, 1, 1);
  if (mismatch !== null) {
    return {
      message: `Wasp's answer did not account for this record (${mismatch}), so it is not counted as saved. Check it in Wasp, or send it again.`,
      wasp: {},
    };
  }
  const entry =
    [...envelope.resultList, ...envelope.messages].find(isFailedResult) ??
    envelope.resultList[0] ??
    envelope.messages[0];
  const message =
    entry?.message ?? envelopeMessage(envelope) ?? 'Wasp reported an error for this record without saying why.';
  return { message, wasp: entry ?? {} };
}

function savedWith(r: WaspRecordResult | undefined): Attributed {
  if (r === undefined) return { status: 'saved' };
  // Only warnings are worth keeping on a saved row; plain "saved" texts would bloat the journal.
  if (
    r.httpStatusCode !== undefined &&
    r.httpStatusCode !== 200 &&
    r.httpStatusCode !== 204 &&
    r.message !== undefined
  ) {
    return { status: 'saved', wasp: r, message: r.message };
  }
  return { status: 'saved' };
}

function failed(r: WaspRecordResult): Attributed {
  return { status: 'failed', message: r.message ?? 'Wasp did not save this record and gave no reason.', wasp: r };
}

/** Lower-cased texts, computed once per batch: matching is the hot loop when many rows fail. */
interface Keys {
  customer: string;
  phone: string;
  type: string;
  ext: string;
}
interface Texts {
  field: string | undefined;
  message: string | undefined;
}

const keysOf = (r: PhoneRecord): Keys => ({
  customer: r.CustomerNumber.trim().toLowerCase(),
  phone: r.PhoneNumber.trim().toLowerCase(),
  type: r.PhoneTypeName.trim().toLowerCase(),
  ext: r.PhoneExtension.trim().toLowerCase(),
});
const textsOf = (r: WaspRecordResult): Texts => ({
  field: r.fieldName?.trim().toLowerCase(),
  message: r.message?.toLowerCase(),
});

/** True when no failure entry names a different record than the one at its position. */
function positionsAgree(records: readonly PhoneRecord[], list: readonly WaspRecordResult[]): boolean {
  let keys: Keys[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (!isFailedResult(r)) continue;
    keys ??= records.map(keysOf);
    const t = textsOf(r);
    if (keyScore(t, keys[i]!) > 0) continue;
    // It names nobody at all: nothing contradicts the position.
    if (keys.some((other) => keyScore(t, other) > 0)) return false;
  }
  return true;
}

function byKey(records: readonly PhoneRecord[], envelope: WaspEnvelope): (Attributed | undefined)[] {
  const n = records.length;
  let failures = envelope.resultList.filter(isFailedResult);
  if (failures.length === 0) failures = envelope.messages.filter(isFailedResult);
  const keys = records.map(keysOf);
  const byCustomer = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = byCustomer.get(k.customer);
    if (list === undefined) byCustomer.set(k.customer, [i]);
    else list.push(i);
  });

  const out = new Array<Attributed | undefined>(n).fill(undefined);
  const decided = new Array<boolean>(n).fill(false);
  let unplaced = 0;

  // Entries that point at the same set of records are placed together: two failures that both say
  // "customer C1" and match exactly two records of C1 fail both; one such failure cannot choose.
  const groups = new Map<string, { rows: number[]; entries: WaspRecordResult[] }>();
  for (const f of failures) {
    const rows = candidates(keys, byCustomer, textsOf(f));
    if (rows.length === 0) {
      unplaced++;
      continue;
    }
    const key = rows.join(',');
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { rows, entries: [f] });
    else g.entries.push(f);
  }
  for (const { rows, entries } of groups.values()) {
    // Either way these rows are explained by these entries; only whether we can tell which is which differs.
    for (const i of rows) decided[i] = true;
    if (entries.length >= rows.length) rows.forEach((i, k) => (out[i] = failed(entries[k]!)));
  }

  // Errors the answer counts but lists no entry for are also unplaced.
  const counted = Math.max(
    envelope.errorCount ?? 0,
    envelope.successfulResults !== undefined && envelope.totalResults !== undefined
      ? envelope.totalResults - envelope.successfulResults
      : 0,
    envelope.hasError ? 1 : 0,
  );
  unplaced += Math.max(0, counted - failures.length);

  if (unplaced === 0) for (let i = 0; i < n; i++) if (!decided[i]) out[i] = { status: 'saved' };
  return out;
}

/** The records an entry names, narrowed to the best match when several share the customer. */
function candidates(keys: readonly Keys[], byCustomer: ReadonlyMap<string, number[]>, t: Texts): number[] {
  // Fast path: FieldName is exactly a customer number of the batch (Wasp's "identifier" usage).
  const exact = t.field === undefined ? undefined : byCustomer.get(t.field);
  const pool = exact ?? keys.map((_, i) => i);
  let best = 0;
  let rows: number[] = [];
  for (const i of pool) {
    const key = keyScore(t, keys[i]!);
    if (key === 0) continue;
    const score = key + detailScore(t, keys[i]!);
    if (score > best) {
      best = score;
      rows = [i];
    } else if (score === best) rows.push(i);
  }
  return rows;
}

/** >0 when the entry carries the record's key: its customer number or its phone number. */
function keyScore(t: Texts, k: Keys): number {
  let score = 0;
  if (names(t, k.customer)) score += 4;
  if (names(t, k.phone)) score += 2;
  return score;
}

/** Tie-breakers among records that share a key: the phone type or extension named in the text. */
function detailScore(t: Texts, k: Keys): number {
  let score = 0;
  if (names(t, k.type)) score += 1;
  if (k.ext !== '' && names(t, k.ext)) score += 1;
  return score;
}

function names(t: Texts, v: string): boolean {
  if (v === '') return false;
  if (t.field !== undefined && (t.field === v || containsToken(t.field, v))) return true;
  return t.message !== undefined && containsToken(t.message, v);
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** `c1` inside "customer 'c1' not found" yes, inside "c10" no. Both sides are already lower case. */
function containsToken(text: string, token: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(token, from);
    if (at < 0) return false;
    const before = at > 0 ? text[at - 1] : undefined;
    const after = text[at + token.length];
    if (!(isWordChar(token[0]) && isWordChar(before)) && !(isWordChar(token[token.length - 1]) && isWordChar(after)))
      return true;
    from = at + 1;
  }
}
