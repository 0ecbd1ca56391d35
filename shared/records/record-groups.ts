import type { PhoneRecord } from '../domain/phone-record.js';
import { DUPLICATE, INVALID, OK, quote, WARNING, type RecordProblem } from './problems.js';

/** What marking reads of each row. */
interface RowRecord {
  row: number;
  record: PhoneRecord;
}

/**
 * A check's verdicts as they are made: a status byte per row, and problems only for the rows that
 * have some (no object per row: see judgeSheetRows).
 */
export interface CheckVerdicts {
  status: Uint8Array;
  /** Holey: a row without problems has none here. */
  problems: (RecordProblem[] | undefined)[];
}

function addProblem(v: CheckVerdicts, i: number, p: RecordProblem): void {
  const list = v.problems[i];
  if (list === undefined) v.problems[i] = [p];
  else list.push(p);
}

// Integer hashes instead of composite string keys: on 100,000 rows, Maps keyed by joined strings
// spend most of the validation time building, flattening and hashing those strings.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function mix(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

// One loop per kind of hash (no per-character flags to test): they run over every field of every row.
function hashText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return mix(h, 0x10000);
}

/**
 * hashText of the text in lower case, as toLowerCase() gives it (the groups' equality): an ASCII text
 * is folded a character at a time, anything else lowered whole, because lowering can depend on the
 * characters around one (a final Σ is ς) and can change the length (İ is i and a dot above).
 */
function hashFolded(start: number, s: string): number {
  let h = start;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return hashText(start, s.toLowerCase());
    h = mix(h, foldAscii(c));
  }
  return mix(h, 0x10000);
}

function hashDigits(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) h = mix(h, c);
  }
  return mix(h, 0x10000);
}

// The table and the marking are literals worked on by module functions, not classes and closures:
// see typeChecker in validate.ts.

/**
 * Remembers the first item of each kind; equality is checked for real, the hash only narrows it down.
 * The hash → first item table is open addressing in a typed array sized for the rows: a Map of a
 * million entries costs several times the memory and grows by rehashing copies.
 */
interface FirstOfKind {
  /** EXACT or GROUP: which equality sameKind() checks. */
  kind: number;
  /**
   * Slot k is entries[2k] (the hash) and entries[2k + 1] (item index + 1; 0 marks an empty slot):
   * side by side, so a probe touches one cache line, not one in each of two arrays.
   */
  entries: Int32Array;
  mask: number;
  shift: number;
  /** Items whose hash an earlier, different item already has. */
  more: Map<number, number[]>;
}

/** Same customer, phone number, extension and type. */
const EXACT = 0;
/** Same customer and type, case aside. */
const GROUP = 1;

function firstOfKind(kind: number, items: number): FirstOfKind {
  let bits = 4;
  while (1 << bits < items * 2) bits++;
  return { kind, entries: new Int32Array(2 << bits), mask: (1 << bits) - 1, shift: 32 - bits, more: new Map() };
}

/** The first earlier item equal to `i`, or -1 (and `i` becomes the first of its kind). */
function firstOrAdd(m: Marking, table: FirstOfKind, hash: number, i: number): number {
  const entries = table.entries;
  let slot = Math.imul(hash, 0x9e3779b1) >>> table.shift;
  for (;;) {
    const stored = entries[2 * slot + 1] as number;
    if (stored === 0) {
      entries[2 * slot] = hash;
      entries[2 * slot + 1] = i + 1;
      return -1;
    }
    if (entries[2 * slot] === hash) return sameHash(m, table, hash, stored - 1, i);
    slot = (slot + 1) & table.mask;
  }
}

/** firstOrAdd once an item with the same hash is found: rare, so kept out of the probe loop. */
function sameHash(m: Marking, table: FirstOfKind, hash: number, first: number, i: number): number {
  if (sameKind(m, table.kind, first, i)) return first;
  const others = table.more.get(hash);
  if (others === undefined) {
    table.more.set(hash, [i]);
    return -1;
  }
  for (const j of others) if (sameKind(m, table.kind, j, i)) return j;
  others.push(i);
  return -1;
}

function sameKind(m: Marking, kind: number, a: number, b: number): boolean {
  const x = (m.rows[a] as RowRecord).record;
  const y = (m.rows[b] as RowRecord).record;
  if (kind === EXACT)
    return (
      x.CustomerNumber === y.CustomerNumber &&
      x.PhoneNumber === y.PhoneNumber &&
      x.PhoneExtension === y.PhoneExtension &&
      x.PhoneTypeName === y.PhoneTypeName
    );
  return (
    x.CustomerNumber.toLowerCase() === y.CustomerNumber.toLowerCase() &&
    x.PhoneTypeName.toLowerCase() === y.PhoneTypeName.toLowerCase()
  );
}

const NON_DIGITS = /\D+/g;

/**
 * How many checked rows a caller hands to markDuplicates() at a time: few enough that their texts are
 * still in the processor's cache when hashed, enough that the table probes after them overlap.
 */
export const MARKING_BATCH = 256;

/**
 * Duplicate and conflict marking of one check, fed a few rows at a time as their own checks are done
 * (markDuplicates), then finished by markConflicts. Opaque to callers.
 */
export interface Marking {
  /** The check's rows; those at and after the ones visited may not be there yet. */
  rows: readonly RowRecord[];
  verdicts: CheckVerdicts;
  excluded: ReadonlySet<number> | undefined;
  exact: FirstOfKind;
  group: FirstOfKind;
  /** A row's phone digits, worked out only for rows compared with another row of their group. */
  digits: (string | undefined)[];
  /** Hashed only for rows compared with another row of their group (most rows never are). */
  numberHash: Int32Array;
  numberHashed: Uint8Array;
  /** The first row of each row's group; -1 for rows that take no part. */
  groupOf: Int32Array;
  /** Per group (its first row): a row of the group with another number. */
  otherNumberIn: Map<number, number>;
  /** Whether the row is in `exact`: only rows in a group of two or more are. */
  inExact: Uint8Array;
  /** The group hashes of the batch markDuplicates is at, and the rows they are of. */
  batchHash: Int32Array;
  batchRow: Int32Array;
}

/**
 * Marks exact duplicates (same customer, phone number, extension and type) after the first as
 * `duplicate`, and warns every row whose customer and phone type (case-insensitive) come with a
 * different number elsewhere (same digits written differently is the same number). Invalid and
 * excluded rows take no part. The check calls markDuplicates() right after checking each
 * MARKING_BATCH rows, while their objects and texts are still in the processor's cache: in a pass of
 * its own after a 100,000-row read, nearly every row it touches is a cache miss.
 */
export function duplicateMarking(
  rows: readonly RowRecord[],
  verdicts: CheckVerdicts,
  excluded: ReadonlySet<number> | undefined,
): Marking {
  const count = verdicts.status.length;
  return {
    rows,
    verdicts,
    excluded,
    exact: firstOfKind(EXACT, count),
    group: firstOfKind(GROUP, count),
    digits: new Array<string | undefined>(count),
    numberHash: new Int32Array(count),
    numberHashed: new Uint8Array(count),
    groupOf: new Int32Array(count).fill(-1),
    otherNumberIn: new Map(),
    inExact: new Uint8Array(count),
    batchHash: new Int32Array(MARKING_BATCH),
    batchRow: new Int32Array(MARKING_BATCH),
  };
}

function numberHashOf(m: Marking, i: number): number {
  if (m.numberHashed[i] === 0) {
    const r = (m.rows[i] as RowRecord).record;
    m.numberHash[i] = hashText(hashDigits(FNV_OFFSET, r.PhoneNumber), r.PhoneExtension);
    m.numberHashed[i] = 1;
  }
  return m.numberHash[i] as number;
}

function sameNumber(m: Marking, a: number, b: number): boolean {
  const x = (m.rows[a] as RowRecord).record;
  const y = (m.rows[b] as RowRecord).record;
  if (numberHashOf(m, a) !== numberHashOf(m, b) || x.PhoneExtension !== y.PhoneExtension) return false;
  m.digits[a] ??= x.PhoneNumber.replace(NON_DIGITS, '');
  m.digits[b] ??= y.PhoneNumber.replace(NON_DIGITS, '');
  return m.digits[a] === m.digits[b];
}

function exactHash(r: PhoneRecord): number {
  return hashText(
    hashText(hashText(hashText(FNV_OFFSET, r.CustomerNumber), r.PhoneNumber), r.PhoneExtension),
    r.PhoneTypeName,
  );
}

/**
 * Marks each row from `from` up to (not including) `to` a duplicate when an earlier row is the same.
 * Rows are visited in order, each once, after their own check (an invalid row takes no part); no row
 * at or after `to` is read.
 *
 * A batch's group hashes first, then its probes of the group table in a loop of their own. The table
 * is megabytes and each probe lands at a random place in it, usually a cache miss; with only the probes
 * in the loop the processor has several of those misses under way at once, where between two rows'
 * checks it waited for each in turn (a fifth of a 100,000-row check's time).
 */
export function markDuplicates(m: Marking, from: number, to: number): void {
  const { rows, excluded, batchHash, batchRow, groupOf } = m;
  const status = m.verdicts.status;
  for (let start = from; start < to; start += MARKING_BATCH) {
    const end = Math.min(to, start + MARKING_BATCH);
    let k = 0;
    for (let i = start; i < end; i++) {
      const c = rows[i] as RowRecord;
      if (status[i] === INVALID || excluded?.has(c.row) === true) continue;
      const r = c.record;
      batchHash[k] = hashFolded(hashFolded(FNV_OFFSET, r.CustomerNumber), r.PhoneTypeName);
      batchRow[k++] = i;
    }
    for (let b = 0; b < k; b++) {
      const i = batchRow[b] as number;
      const g = firstOrAdd(m, m.group, batchHash[b] as number, i);
      if (g < 0) groupOf[i] = i;
      else joinGroup(m, i, g);
    }
  }
}

/**
 * Row i has the customer and type of the earlier row g (its group's first): the exact-duplicate check
 * and the other-number check. Exact duplicates are in the same group (equal texts have equal lower
 * cases), so a row alone in its group so far cannot be one: only rows that join a group are looked up
 * in `exact`, and a group's first row is added to it when a second row joins (before that row is
 * looked up, so it stays the first of its kind). Most sheets have one row per customer and type: most
 * rows never get here.
 */
function joinGroup(m: Marking, i: number, g: number): void {
  const c = m.rows[i] as RowRecord;
  if (m.inExact[g] === 0) {
    firstOrAdd(m, m.exact, exactHash((m.rows[g] as RowRecord).record), g);
    m.inExact[g] = 1;
  }
  const first = firstOrAdd(m, m.exact, exactHash(c.record), i);
  m.inExact[i] = 1;
  if (first >= 0) {
    const firstRow = (m.rows[first] as RowRecord).row;
    m.verdicts.status[i] = DUPLICATE;
    addProblem(m.verdicts, i, {
      row: c.row,
      field: null,
      severity: 'warning',
      code: 'duplicate',
      message: `Same customer, phone number, extension and type as row ${firstRow}.`,
      fix: `Nothing to do: only row ${firstRow} is sent.`,
    });
    return;
  }
  m.groupOf[i] = g;
  if (!m.otherNumberIn.has(g) && !sameNumber(m, g, i)) m.otherNumberIn.set(g, i);
}

/**
 * After the last markDuplicates: warns every row whose customer and type come with another number
 * elsewhere, yielding every `every` rows for callers that run it in slices.
 */
export function* markConflicts(m: Marking, every: number): Generator<void> {
  const { rows, groupOf, otherNumberIn, verdicts } = m;
  if (otherNumberIn.size === 0) return;
  // A countdown, not i % every: `every` is NO_SLICES (not a small integer) when run at once, and a
  // floating-point remainder per row is measurable on a million rows.
  let untilYield = every;
  for (let i = 0; i < groupOf.length; i++) {
    if (--untilYield === 0) {
      untilYield = every;
      yield;
    }
    const head = groupOf[i] as number;
    if (head < 0) continue;
    const other = otherNumberIn.get(head);
    if (other === undefined) continue;
    const c = rows[i] as RowRecord;
    const partner = sameNumber(m, head, i) ? other : head;
    const p = rows[partner] as RowRecord;
    const o = p.record;
    const r = c.record;
    addProblem(verdicts, i, {
      row: c.row,
      field: 'PhoneNumber',
      severity: 'warning',
      code: 'may-overwrite',
      message: `Customer ${quote(r.CustomerNumber)} also has a ${quote(r.PhoneTypeName)} number ${quote(o.PhoneNumber + (o.PhoneExtension !== '' ? ` x${o.PhoneExtension}` : ''))} in row ${p.row}: one may overwrite the other in Wasp.`,
      fix: 'Keep the right one and exclude the other, or give them different phone types.',
    });
    if (verdicts.status[i] === OK) verdicts.status[i] = WARNING;
  }
}
