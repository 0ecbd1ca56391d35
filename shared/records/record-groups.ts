import type { PhoneRecord } from '../domain/phone-record.js';
import { quote, type RecordProblem, type RecordStatus } from './problems.js';

interface Checked {
  row: number;
  record: PhoneRecord;
  status: RecordStatus;
  problems: RecordProblem[];
}

/** The problems of a row that has none: shared and frozen, so it is replaced (never pushed to) when one is found. */
export const NO_PROBLEMS: RecordProblem[] = Object.freeze([]) as unknown as RecordProblem[];

function addProblem(c: Checked, p: RecordProblem): void {
  if (c.problems === NO_PROBLEMS) c.problems = [p];
  else c.problems.push(p);
}

// Integer hashes instead of composite string keys: on 100,000 rows, Maps keyed by joined strings
// spend most of the validation time building, flattening and hashing those strings.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function mix(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

function foldCase(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  return c < 128 ? c : String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

// One loop per kind of hash (no per-character flags to test): they run over every field of every row.
function hashText(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return mix(h, 0x10000);
}

function hashFolded(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, foldCase(s.charCodeAt(i)));
  return mix(h, 0x10000);
}

function hashDigits(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) h = mix(h, c);
  }
  return mix(h, 0x10000);
}

/**
 * Remembers the first item of each kind; equality is checked for real, the hash only narrows it down.
 * The hash → first item table is open addressing in two typed arrays sized for the rows: a Map of a
 * million entries costs several times the memory and grows by rehashing copies.
 */
class FirstOfKind {
  /**
   * Slot k is entries[2k] (the hash) and entries[2k + 1] (item index + 1; 0 marks an empty slot):
   * side by side, so a probe touches one cache line, not one in each of two arrays.
   */
  private readonly entries: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  private readonly more = new Map<number, number[]>();
  constructor(
    private readonly same: (a: number, b: number) => boolean,
    items: number,
  ) {
    let bits = 4;
    while (1 << bits < items * 2) bits++;
    this.entries = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }
  /** The first earlier item equal to `i`, or -1 (and `i` becomes the first of its kind). */
  firstOrAdd(hash: number, i: number): number {
    const entries = this.entries;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = entries[2 * slot + 1]!;
      if (stored === 0) {
        entries[2 * slot] = hash;
        entries[2 * slot + 1] = i + 1;
        return -1;
      }
      if (entries[2 * slot] === hash) break;
      slot = (slot + 1) & this.mask;
    }
    const f = entries[2 * slot + 1]! - 1;
    if (this.same(f, i)) return f;
    const others = this.more.get(hash);
    if (others === undefined) {
      this.more.set(hash, [i]);
      return -1;
    }
    for (const j of others) if (this.same(j, i)) return j;
    others.push(i);
    return -1;
  }
}

const NON_DIGITS = /\D+/g;

/** Duplicate and conflict marking, fed one row at a time as each row's own check is done. */
export interface DuplicateMarking {
  /**
   * Marks row i a duplicate when an earlier row is the same. Rows are visited in order, each once,
   * after their own check (an invalid row takes no part); only rows up to i are read.
   */
  visit(i: number): void;
  /**
   * After the last visit: warns every row whose customer and type come with another number
   * elsewhere, yielding every `every` rows for callers that run it in slices.
   */
  conflicts(every: number): Generator<void>;
}

/**
 * Marks exact duplicates (same customer, phone number, extension and type) after the first as
 * `duplicate`, and warns every row whose customer and phone type (case-insensitive) come with a
 * different number elsewhere (same digits written differently is the same number). Invalid and
 * excluded rows take no part. The check calls visit(i) right after checking row i, while that row's
 * objects and texts are still in the processor's cache: in a pass of its own after a 100,000-row
 * read, nearly every row it touches is a cache miss.
 */
export function duplicateMarking(out: Checked[], excluded: ReadonlySet<number> | undefined): DuplicateMarking {
  const n = out.length;
  const rec = (i: number): PhoneRecord => (out[i] as Checked).record;
  const exact = new FirstOfKind((a, b) => {
    const x = rec(a);
    const y = rec(b);
    return (
      x.CustomerNumber === y.CustomerNumber &&
      x.PhoneNumber === y.PhoneNumber &&
      x.PhoneExtension === y.PhoneExtension &&
      x.PhoneTypeName === y.PhoneTypeName
    );
  }, n);
  const group = new FirstOfKind((a, b) => {
    const x = rec(a);
    const y = rec(b);
    return (
      x.CustomerNumber.toLowerCase() === y.CustomerNumber.toLowerCase() &&
      x.PhoneTypeName.toLowerCase() === y.PhoneTypeName.toLowerCase()
    );
  }, n);
  const digits = new Array<string | undefined>(n);
  // Hashed only for rows compared with another row of their group (most rows never are).
  const numberHash = new Int32Array(n);
  const numberHashed = new Uint8Array(n);
  const numberHashOf = (i: number): number => {
    if (numberHashed[i] === 0) {
      numberHash[i] = hashText(hashDigits(FNV_OFFSET, rec(i).PhoneNumber), rec(i).PhoneExtension);
      numberHashed[i] = 1;
    }
    return numberHash[i]!;
  };
  const sameNumber = (a: number, b: number): boolean => {
    if (numberHashOf(a) !== numberHashOf(b) || rec(a).PhoneExtension !== rec(b).PhoneExtension) return false;
    digits[a] ??= rec(a).PhoneNumber.replace(NON_DIGITS, '');
    digits[b] ??= rec(b).PhoneNumber.replace(NON_DIGITS, '');
    return digits[a] === digits[b];
  };

  const groupOf = new Int32Array(n).fill(-1);
  const otherNumberIn = new Map<number, number>();
  // Exact duplicates are in the same group (equal texts have equal lower cases), so a row alone in its
  // group so far cannot be one: only rows that join a group are looked up in `exact`, and a group's
  // first row is added to it when a second row joins (before that row is looked up, so it stays the
  // first of its kind). Most sheets have one row per customer and type: most rows never touch `exact`.
  const inExact = new Uint8Array(n);
  const exactHash = (r: PhoneRecord): number =>
    hashText(
      hashText(hashText(hashText(FNV_OFFSET, r.CustomerNumber), r.PhoneNumber), r.PhoneExtension),
      r.PhoneTypeName,
    );
  const visit = (i: number): void => {
    const c = out[i] as Checked;
    if (c.status === 'invalid' || excluded?.has(c.row) === true) return;
    const r = c.record;
    const g = group.firstOrAdd(hashFolded(hashFolded(FNV_OFFSET, r.CustomerNumber), r.PhoneTypeName), i);
    if (g >= 0) {
      if (inExact[g] === 0) {
        exact.firstOrAdd(exactHash(rec(g)), g);
        inExact[g] = 1;
      }
      const first = exact.firstOrAdd(exactHash(r), i);
      inExact[i] = 1;
      if (first >= 0) {
        const firstRow = (out[first] as Checked).row;
        c.status = 'duplicate';
        addProblem(c, {
          row: c.row,
          field: null,
          severity: 'warning',
          code: 'duplicate',
          message: `Same customer, phone number, extension and type as row ${firstRow}.`,
          fix: `Nothing to do: only row ${firstRow} is sent.`,
        });
        return;
      }
    }
    const head = g >= 0 ? g : i;
    groupOf[i] = head;
    if (g >= 0 && !otherNumberIn.has(head) && !sameNumber(head, i)) otherNumberIn.set(head, i);
  };

  function* conflicts(every: number): Generator<void> {
    if (otherNumberIn.size === 0) return;
    // A countdown, not i % every: `every` is NO_SLICES (not a small integer) when run at once, and a
    // floating-point remainder per row is measurable on a million rows.
    let untilYield = every;
    for (let i = 0; i < n; i++) {
      if (--untilYield === 0) {
        untilYield = every;
        yield;
      }
      const head = groupOf[i] as number;
      if (head < 0) continue;
      const other = otherNumberIn.get(head);
      if (other === undefined) continue;
      const c = out[i] as Checked;
      const o = rec(sameNumber(head, i) ? other : head);
      const partnerRow = (out[sameNumber(head, i) ? other : head] as Checked).row;
      const r = c.record;
      addProblem(c, {
        row: c.row,
        field: 'PhoneNumber',
        severity: 'warning',
        code: 'may-overwrite',
        message: `Customer ${quote(r.CustomerNumber)} also has a ${quote(r.PhoneTypeName)} number ${quote(o.PhoneNumber + (o.PhoneExtension !== '' ? ` x${o.PhoneExtension}` : ''))} in row ${partnerRow}: one may overwrite the other in Wasp.`,
        fix: 'Keep the right one and exclude the other, or give them different phone types.',
      });
      if (c.status === 'ok') c.status = 'warning';
    }
  }

  return { visit, conflicts };
}
