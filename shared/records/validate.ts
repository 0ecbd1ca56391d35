import { PHONE_FIELDS, REQUIRED_PHONE_FIELDS, type PhoneField, type SourceRecord } from '../domain/phone-record.js';
import { hasHidden, hiddenCharacter, looksLikeFormula, showHidden } from './cell-hygiene.js';
import { editDistance } from './edit-distance.js';
import type { CountryCode } from 'libphonenumber-js';
import { splitExtension, tidy, type PhoneFormat } from './normalise.js';
import { conversionProblem } from './phone-conversion.js';
import {
  FIELD_LABELS,
  INVALID,
  NO_PROBLEMS,
  OK,
  quote,
  RECORD_STATUSES,
  WARNING,
  type RecordProblem,
  type RecordStatus,
} from './problems.js';
import {
  duplicateMarking,
  markConflicts,
  markDuplicates,
  MARKING_BATCH,
  type CheckVerdicts,
  type Marking,
} from './record-groups.js';
import { NO_SLICES, runAtOnce, runInSlices, SLICE_STEP } from './slices.js';
import { keepShapeOf } from '../speed/kept-shapes.js';

export interface ValidationOptions {
  /**
   * Phone types Wasp is known to have (learned from its answers, edited by the user). Wasp has no
   * call that lists them; when the list is empty nothing is known yet and no type is questioned.
   */
  knownPhoneTypes?: readonly string[];
  /** Sheet rows the user excluded: checked on their own but never sent, so never the "first" of duplicates. */
  excludedRows?: ReadonlySet<number>;
  /** With 'e164', a phone that is not in +… form is questioned (it could not be converted). */
  phoneFormat?: PhoneFormat;
  /**
   * With a phoneFormat: the country assumed for numbers without a prefix and the cell index the
   * phone was read from, so a conversion that may have changed the number is shown before/after.
   */
  conversion?: { defaultCountry?: CountryCode | undefined; phoneColumn: number | null };
}

/** A record with the verdict of the rules: the row shape the Review screen shows. */
export interface CheckedRecord extends SourceRecord {
  status: RecordStatus;
  problems: RecordProblem[];
}

// PhoneRecordSchema's limit; longer values would be refused at the IPC boundary.
const MAX_FIELD_CHARS = 256;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
const LETTER = /\p{L}/u;
const ONLY_DIGITS = /^\d+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_TYPES_LISTED = 5;

/**
 * Whether the text has a character at U+0041 ('A') or above: every letter \p{L} matches does, so a
 * phone of digits, spaces and punctuation (nearly all of them) is spared the Unicode search.
 */
function mayHoldLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 65) return true;
  return false;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const REQUIRED_FIX: Readonly<Partial<Record<PhoneField, string>>> = {
  CustomerNumber: "Fill in the customer's number as Wasp shows it, or exclude the row.",
  PhoneNumber: 'Fill in the phone number, or exclude the row.',
  PhoneTypeName:
    'Fill in a phone type that exists in Wasp (such as Office), or set one type for all rows in the mapping.',
};

/**
 * The known phone types and a verdict for each distinct spelling seen.
 *
 * The check's state (this, Check, the marking in record-groups.ts, RowMapping in map-rows.ts) is
 * object literals made by module functions and worked on by module functions, not classes and
 * closures made per check: V8 compiles a closure for the very context it was made in, and throws the
 * code away with it. The literals' shapes are kept alive by one example each (kept-shapes.ts, at the
 * end of this file), or the code built on them would go the same way at the end of every import.
 */
interface TypeChecker {
  /** Lower-cased known type → the type as known. */
  known: Map<string, string>;
  /** Per spelling: the problem without its row, or null for a known type. */
  verdicts: Map<string, RecordProblem | null>;
}

function typeChecker(types: readonly string[]): TypeChecker {
  const known = new Map<string, string>();
  for (const t of types) if (t.trim() !== '') known.set(t.trim().toLowerCase(), t.trim());
  return { known, verdicts: new Map() };
}

/**
 * The problem for this type in this row, or null when the type is known (or no type is known yet).
 * Suggests the known type a misspelt one most likely meant; worked out once per distinct spelling.
 */
function checkType(types: TypeChecker, type: string, row: number): RecordProblem | null {
  if (types.known.size === 0) return null;
  // Cached per spelling, so "cell" is quoted as "cell" and not as the "Cell" seen first.
  let verdict = types.verdicts.get(type);
  if (verdict === undefined) {
    const key = type.toLowerCase();
    verdict = types.known.has(key) ? null : unknownType(types.known, type, key);
    types.verdicts.set(type, verdict);
  }
  return verdict === null ? null : { ...verdict, row };
}

function unknownType(known: ReadonlyMap<string, string>, type: string, key: string): RecordProblem {
  let closest: string | null = null;
  let best = 3;
  for (const [k, original] of known) {
    const d = editDistance(key, k, 2);
    if (d < best) {
      best = d;
      closest = original;
    }
  }
  const listed =
    [...known.values()].slice(0, MAX_TYPES_LISTED).join(', ') + (known.size > MAX_TYPES_LISTED ? ', …' : '');
  return {
    row: 0,
    field: 'PhoneTypeName',
    severity: 'warning',
    code: 'unknown-phone-type',
    message: `Phone type ${quote(type)} is not one Wasp is known to have; Wasp rejects types it does not have.`,
    fix:
      closest !== null
        ? `Did you mean "${closest}"? Otherwise check it exists in Wasp and add it to the known types.`
        : `Use a known type (${listed}), or check it exists in Wasp and add it to the known types.`,
  };
}

/**
 * The column of a row's cells the rules read, or null when they read none: only the phone's, to
 * show a converted number beside what the sheet said. Callers that build rows lazily skip the cells
 * when this is null.
 */
export function cellsColumn(options: ValidationOptions): number | null {
  const column = options.conversion?.phoneColumn;
  const format = options.phoneFormat;
  return format === undefined || format === 'as-displayed' || column === null || column === undefined ? null : column;
}

function checkRecord(src: SourceRecord, types: TypeChecker, options: ValidationOptions): RecordProblem[] {
  const r = src.record;
  const row = src.row;
  const phoneFormat = options.phoneFormat;
  // Most rows have no problem: they share one frozen empty list instead of an array each (a million rows).
  let problems: RecordProblem[] | null = null;
  const add = (
    field: PhoneField | null,
    severity: RecordProblem['severity'],
    code: RecordProblem['code'],
    message: string,
    fix: string,
  ) => (problems ??= []).push({ row, field, severity, code, message, fix });

  // Each field is read once; the per-field loops run only for a row that has that kind of problem
  // (almost none do): a field named by a variable is a keyed lookup, slow enough in a loop run for
  // every field of every row to be a good part of a 100,000-row import's check.
  const { CustomerNumber: customer, PhoneNumber: phoneNumber, PhoneExtension: extension, PhoneTypeName: type } = r;
  if (customer === '' || phoneNumber === '' || type === '') {
    for (const field of REQUIRED_PHONE_FIELDS) {
      if (r[field] === '')
        add(
          field,
          'error',
          'required',
          `${FIELD_LABELS[field]} is empty.`,
          REQUIRED_FIX[field] ?? 'Fill it in, or exclude the row.',
        );
    }
  }
  if (
    customer.length > MAX_FIELD_CHARS ||
    phoneNumber.length > MAX_FIELD_CHARS ||
    extension.length > MAX_FIELD_CHARS ||
    type.length > MAX_FIELD_CHARS
  ) {
    for (const field of PHONE_FIELDS) {
      const length = r[field].length;
      if (length > MAX_FIELD_CHARS) {
        add(
          field,
          'error',
          'too-long',
          `${FIELD_LABELS[field]} is ${length.toLocaleString('en-US')} characters long; Wasp takes at most ${MAX_FIELD_CHARS}.`,
          'Shorten it, or check the right column is mapped.',
        );
      }
    }
  }
  if (hasHidden(customer) || hasHidden(phoneNumber) || hasHidden(extension) || hasHidden(type)) {
    for (const field of PHONE_FIELDS) {
      const hidden = hiddenCharacter(r[field]);
      if (hidden !== null) {
        add(
          field,
          'error',
          'control-characters',
          `${FIELD_LABELS[field]} ${quote(showHidden(r[field]))} contains an invisible control character (${hidden}).`,
          'Remove it in the sheet (it often comes from a damaged export) and import again, or exclude the row.',
        );
      }
    }
  }

  const phone = r.PhoneNumber;
  if (phone !== '' && looksLikeFormula(phone)) {
    add(
      'PhoneNumber',
      'error',
      'phone-formula',
      `Phone number ${quote(phone)} starts like a spreadsheet formula.`,
      'Type the number with digits (a leading + only before the country code), or exclude the row.',
    );
  } else if (phone !== '') {
    const split = splitExtension(phone);
    const number = split?.phone ?? phone;
    const digits = countDigits(number);
    if (digits === 0) {
      add(
        'PhoneNumber',
        'error',
        'phone-no-digits',
        `Phone number ${quote(phone)} has no digits.`,
        'Type the number with digits, or exclude the row.',
      );
    } else if (mayHoldLetter(number) && LETTER.test(number)) {
      add(
        'PhoneNumber',
        'error',
        'phone-letters',
        `Phone number ${quote(phone)} contains letters.`,
        'Type it with digits only (an extension may follow as "x123").',
      );
    } else if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
      add(
        'PhoneNumber',
        'warning',
        digits < MIN_DIGITS ? 'phone-too-short' : 'phone-too-long',
        `Phone number ${quote(phone)} has ${digits} digits; phone numbers usually have ${MIN_DIGITS} to ${MAX_DIGITS}.`,
        'Check the number; if it is right it is sent as it is.',
      );
    }
    if (split !== null && r.PhoneExtension !== '') {
      add(
        'PhoneExtension',
        'warning',
        'extension-twice',
        `Phone number ${quote(phone)} has an extension and the extension is also given as ${quote(r.PhoneExtension)}.`,
        'Remove the extension from the phone number.',
      );
    }
    if (phoneFormat === 'e164' && digits > 0 && !E164.test(phone)) {
      add(
        'PhoneNumber',
        'warning',
        'phone-not-international',
        `Phone number ${quote(phone)} could not be put in international form (+…).`,
        'Check the number, or choose the right default country in the import options.',
      );
    }
    const column = cellsColumn(options);
    if (column !== null && phoneFormat !== undefined) {
      const before = originalPhone(src.cells[column] ?? '');
      const doubt = conversionProblem(before, phone, phoneFormat, options.conversion?.defaultCountry, row);
      if (doubt !== null) (problems ??= []).push(doubt);
    }
  }
  const ext = r.PhoneExtension;
  if (ext !== '' && !ONLY_DIGITS.test(ext)) {
    add(
      'PhoneExtension',
      'warning',
      'extension-not-digits',
      `Extension ${quote(ext)} has characters other than digits.`,
      'Check the extension; Wasp may reject it.',
    );
  }
  if (r.PhoneTypeName !== '') {
    const p = checkType(types, r.PhoneTypeName, row);
    if (p !== null) (problems ??= []).push(p);
  }
  return problems ?? NO_PROBLEMS;
}

/** The phone as the sheet gave it, without an extension written after it (mapRows moves that out). */
function originalPhone(cell: string): string {
  const t = tidy(cell);
  return splitExtension(t)?.phone ?? t;
}

/**
 * The record rules, one implementation for the preview and for main's check before queuing:
 * required fields, phone shape and length, extension, known phone types, exact duplicates (only the
 * first is sent) and the same customer and type given different numbers (they may overwrite each other).
 * Statuses of included rows do not depend on excluded rows, so main — which never receives excluded
 * rows as sendable — reaches the same verdicts as the preview.
 */
export function validateRecords(records: readonly SourceRecord[], options: ValidationOptions = {}): CheckedRecord[] {
  const verdicts = checkVerdicts(records, options);
  return records.map((src, i) => checkedRecord(src, verdicts, i));
}

/**
 * validateRecords' verdicts without an object per row: a status byte each, and problems only for
 * the rows that have some. Main's intake judges a job's rows this way (judgeRows).
 */
export function checkVerdicts(records: readonly SourceRecord[], options: ValidationOptions = {}): CheckVerdicts {
  const check = startCheck(records, records.length, options);
  for (let start = 0; start < records.length; start += MARKING_BATCH)
    checkRange(check, start, Math.min(records.length, start + MARKING_BATCH));
  return finishCheck(check);
}

/** One check under way (a literal: see typeChecker). */
export interface Check {
  types: TypeChecker;
  options: ValidationOptions;
  /** The rows checked, by index: filled by the caller ahead of each checkRange. */
  records: readonly SourceRecord[];
  verdicts: CheckVerdicts;
  marking: Marking;
}

/**
 * checkVerdicts in parts, for a caller that makes the records as it goes: judgeSheetRows maps a
 * batch of rows and checks it at once, while the rows' cells are still in the processor's cache,
 * instead of mapping the whole sheet first. startCheck with the array the records will be in, then
 * checkRange over consecutive ranges covering 0 … count - 1 (MARKING_BATCH rows each is best), each
 * once its records are in, then finishCheck.
 */
export function startCheck(records: readonly SourceRecord[], count: number, options: ValidationOptions): Check {
  const verdicts: CheckVerdicts = {
    status: new Uint8Array(count),
    problems: new Array<RecordProblem[] | undefined>(count),
  };
  return {
    types: typeChecker(options.knownPhoneTypes ?? []),
    options,
    records,
    verdicts,
    marking: duplicateMarking(records, verdicts, options.excludedRows),
  };
}

/** Checks records[from … to), each once and in order. */
export function checkRange(check: Check, from: number, to: number): void {
  const { records, types, options, verdicts } = check;
  for (let i = from; i < to; i++) {
    const problems = checkRecord(records[i] as SourceRecord, types, options);
    if (problems !== NO_PROBLEMS) {
      verdicts.problems[i] = problems;
      verdicts.status[i] = statusOf(problems);
    }
  }
  markDuplicates(check.marking, from, to);
}

/** The verdicts, once every row is checked: rows that may overwrite each other are warned now. */
export function finishCheck(check: Check): CheckVerdicts {
  runAtOnce(markConflicts(check.marking, NO_SLICES));
  return check.verdicts;
}

/**
 * The same verdicts as validateRecords over records made one at a time by `recordAt(0 … count - 1)`
 * (each called once, in order), computed in slices with `pause()` awaited between them, so a window
 * checking 100,000 rows never blocks its thread for long (the Review screen uses this).
 */
export async function validateEachInSlices(
  count: number,
  recordAt: (i: number) => SourceRecord,
  options: ValidationOptions,
  pause: () => Promise<void>,
  sliceSize = 2_000,
): Promise<CheckedRecord[]> {
  // Each row's CheckedRecord is made as the row is checked (marking reads rows before it), as ok, and
  // made again at the end for the few rows with a verdict: about one object per row, as before.
  const out = new Array<CheckedRecord>(count);
  const check = startCheck(out, count, options);
  // Slices end after sliceSize rows or ~8 ms, whichever is first (a busy machine is slower per row).
  await runInSlices(checkSteps(check, recordAt, out), pause, sliceSize);
  await pause();
  await runInSlices(markConflicts(check.marking, SLICE_STEP), pause, sliceSize);
  await runInSlices(verdictSteps(check.verdicts, out), pause, sliceSize);
  return out;
}

function* checkSteps(check: Check, recordAt: (i: number) => SourceRecord, out: CheckedRecord[]): Generator<void> {
  for (let start = 0; start < out.length; start += SLICE_STEP) {
    const end = Math.min(out.length, start + SLICE_STEP);
    // Not checked yet, so ok and without problems.
    for (let i = start; i < end; i++) out[i] = checkedRecord(recordAt(i), check.verdicts, i);
    checkRange(check, start, end);
    yield;
  }
}

function* verdictSteps(verdicts: CheckVerdicts, out: CheckedRecord[]): Generator<void> {
  for (let start = 0; start < out.length; start += SLICE_STEP) {
    const end = Math.min(out.length, start + SLICE_STEP);
    for (let i = start; i < end; i++)
      if (verdicts.problems[i] !== undefined || verdicts.status[i] !== OK)
        out[i] = checkedRecord(out[i] as CheckedRecord, verdicts, i);
    yield;
  }
}

/** Row i of a check as a CheckedRecord. */
function checkedRecord(src: SourceRecord, verdicts: CheckVerdicts, i: number): CheckedRecord {
  return {
    row: src.row,
    cells: src.cells,
    record: src.record,
    status: RECORD_STATUSES[verdicts.status[i] as number] as RecordStatus,
    problems: verdicts.problems[i] ?? NO_PROBLEMS,
  };
}

/** A row's status from its own problems: invalid with any error, else a warning with any problem. */
function statusOf(problems: readonly RecordProblem[]): number {
  for (const p of problems) if (p.severity === 'error') return INVALID;
  return problems.length > 0 ? WARNING : OK;
}

// A check of nothing, kept: its Check, TypeChecker, verdicts and marking (with its tables) are the
// shapes every check's compiled code is built on (kept-shapes.ts). Last in the file: it runs the check's
// own code at load.
keepShapeOf(startCheck([], 0, { knownPhoneTypes: [] }));
