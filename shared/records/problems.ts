import type { PhoneField } from '../domain/phone-record.js';

export const PROBLEM_CODES = [
  'required',
  'too-long',
  'phone-no-digits',
  'phone-letters',
  'phone-too-short',
  'phone-too-long',
  'phone-not-international',
  'phone-conversion-doubtful',
  'extension-not-digits',
  'extension-twice',
  'unknown-phone-type',
  'duplicate',
  'may-overwrite',
  'control-characters',
  'phone-formula',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * One thing wrong with one row, in plain words: `message` says what is wrong, `fix` what to do.
 * `error` problems keep the row from being sent; `warning` problems let it go.
 */
export interface RecordProblem {
  row: number;
  field: PhoneField | null;
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  fix: string;
  /** For a value the app rewrote (a converted phone number): what the sheet said and what is sent. */
  change?: { before: string; after: string };
}

/** ok/warning rows are sent; invalid rows never; of exact duplicates only the first is sent. */
export const RECORD_STATUSES = ['ok', 'warning', 'invalid', 'duplicate'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** A status as a byte, for a check that keeps one per row: its index in RECORD_STATUSES. */
export const OK = RECORD_STATUSES.indexOf('ok');
export const WARNING = RECORD_STATUSES.indexOf('warning');
export const INVALID = RECORD_STATUSES.indexOf('invalid');
export const DUPLICATE = RECORD_STATUSES.indexOf('duplicate');

/** The problems of a row that has none: shared and frozen, so a row's own list is made when it has one. */
export const NO_PROBLEMS: RecordProblem[] = Object.freeze([]) as unknown as RecordProblem[];

export const FIELD_LABELS: Readonly<Record<PhoneField, string>> = {
  CustomerNumber: 'Customer number',
  PhoneNumber: 'Phone number',
  PhoneExtension: 'Extension',
  PhoneTypeName: 'Phone type',
};

/** Long cell texts are cut in messages so one bad cell cannot fill the screen. */
export function quote(text: string): string {
  return `"${text.length > 40 ? `${text.slice(0, 37)}…` : text}"`;
}
