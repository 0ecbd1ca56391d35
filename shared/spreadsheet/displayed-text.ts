import * as XLSX from 'xlsx';
import type { CellObject } from 'xlsx';

/*
 * The displayed text of cells that SheetJS read without formatting them (`cellText: false`,
 * `cellNF: true`: every cell keeps its value and its number format `.z`, none gets `.w`). Formatting
 * every cell while reading is most of what an .xlsx read costs beyond the bare parse; here the
 * common cases (text, General numbers, digit patterns such as "(000) 000-0000" or "00000000000")
 * take a short path whose output is exactly SheetJS's, and everything else (dates, percentages,
 * currency, conditions, sections) goes through SheetJS's own formatter, SSF, with the same format
 * and options SheetJS's reader would have used. The result is the `.w` the cell would have had.
 */

/** SheetJS's texts for Excel's error codes (a cell read without text keeps only the code). */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
  0xff: '#WTF?',
};

export interface DisplayOptions {
  /** The workbook counts dates from 1904 (its WBProps), which SheetJS passes to SSF. */
  date1904: boolean;
}

/** A number format made of `0` placeholders and plain literals, as the character codes of its text. */
interface DigitPattern {
  /**
   * The displayed text's character codes, the literals in place and the digits written into `slots`
   * for each cell, then turned into one flat string: no pieces concatenated per cell.
   */
  codes: number[];
  /** Where each placeholder is in `codes`, left to right. */
  slots: number[];
}

// SheetJS's number formatter, typed `any` by SheetJS: this is the one call used of it.
type SsfFormat = (format: string, value: unknown, options: { date1904: boolean }) => string;
export const ssfFormat = (XLSX.SSF as { format: SsfFormat }).format;

const patterns = new Map<string, DigitPattern | null>();

/**
 * `(000) 000-0000`, `00000000000`, `"+1 "000-000-0000`, `\(000\) 000\-0000`: only `0`, spaces,
 * parentheses, hyphens, quoted text and backslash-escaped characters. Anything else (`#`, `?`, `.`,
 * `,`, `%`, `E`, `/`, `@`, `[…]`, `;`, date and time letters) is left to SSF.
 */
function digitPattern(z: string): DigitPattern | null {
  const known = patterns.get(z);
  if (known !== undefined) return known;
  const codes: number[] = [];
  const slots: number[] = [];
  let ok = true;
  const literal = (text: string): void => {
    for (let k = 0; k < text.length; k++) codes.push(text.charCodeAt(k));
  };
  for (let i = 0; i < z.length && ok; i++) {
    const ch = z[i]!;
    if (ch === '0') {
      slots.push(codes.length);
      codes.push(48);
    } else if (ch === ' ' || ch === '(' || ch === ')' || ch === '-') literal(ch);
    else if (ch === '\\' && i + 1 < z.length) literal(z[++i]!);
    else if (ch === '"') {
      const end = z.indexOf('"', i + 1);
      if (end < 0) ok = false;
      else {
        literal(z.slice(i + 1, end));
        i = end;
      }
    } else ok = false;
  }
  // Excel's formats are at most 255 characters; a longer one is not worth a fromCharCode of its length.
  const pattern = ok && slots.length > 0 && codes.length <= 1_000 ? { codes, slots } : null;
  if (patterns.size < 1_000) patterns.set(z, pattern);
  return pattern;
}

/** A whole number ≥ 0 that fits the placeholders: zero-padded and laid into the pattern. Else null. */
function fillDigits(p: DigitPattern, v: number): string | null {
  if (!Number.isSafeInteger(v) || v < 0) return null;
  const digits = v.toString(10);
  const { codes, slots } = p;
  const pad = slots.length - digits.length;
  if (pad < 0) return null;
  for (let k = 0; k < slots.length; k++) codes[slots[k]!] = k < pad ? 48 : digits.charCodeAt(k - pad);
  return String.fromCharCode.apply(null, codes);
}

/** The text SheetJS's reader gives a number with this format (its `safe_format`, General or not). */
export function formatNumber(z: string, v: number, options: DisplayOptions): string | undefined {
  if (z === 'General') {
    if ((v | 0) === v) return v.toString(10);
  } else {
    const p = digitPattern(z);
    const fast = p === null ? null : fillDigits(p, v);
    if (fast !== null) return fast;
  }
  return ssf(z, v, options);
}

/** SheetJS's reader formats inside a try and leaves the cell without text when SSF throws. */
function ssf(z: string, v: unknown, options: DisplayOptions): string | undefined {
  try {
    return ssfFormat(z, v, { date1904: options.date1904 });
  } catch {
    return undefined;
  }
}

/** displayedText's answer for a cell whose text only SheetJS's own formatting knows. */
export const NEEDS_SHEETJS_TEXT = Symbol('needs SheetJS text');

/**
 * The `.w` SheetJS's reader would have given the cell (undefined: none), without writing it to the
 * cell (a property added to every cell object of a 100,000-row sheet is a shape change and an
 * allocation each). NEEDS_SHEETJS_TEXT when that cannot be known here: the cell has a built-in
 * number format SheetJS fills in only while formatting (it left `.z` empty), so the caller reads the
 * file with SheetJS's own formatting instead.
 */
export function displayedText(
  cell: CellObject,
  options: DisplayOptions,
): string | undefined | typeof NEEDS_SHEETJS_TEXT {
  if (cell.w !== undefined || cell.t === 'z') return cell.w;
  const v = cell.v;
  if (cell.t === 'e') {
    // An error text SheetJS has no code for (#SPILL!) is kept only in the text it was not asked for.
    if (typeof v !== 'number' || ERROR_TEXT[v] === undefined) return NEEDS_SHEETJS_TEXT;
    return ERROR_TEXT[v];
  }
  const z = cell.z;
  // Dates stay numbers when read (cellDates: false); a date-typed cell is not what this reads.
  if (typeof z !== 'string' || cell.t === 'd') return NEEDS_SHEETJS_TEXT;
  if (typeof v === 'string' && (z === 'General' || z === '@')) return v;
  if (typeof v === 'number') return formatNumber(z, v, options);
  if (v !== undefined && v !== null) return ssf(z, v, options);
  return undefined;
}

/** Gives the cell the `.w` SheetJS's reader would have given it; false when that cannot be known here (see displayedText). */
export function fillDisplayedText(cell: CellObject, options: DisplayOptions): boolean {
  const w = displayedText(cell, options);
  if (w === NEEDS_SHEETJS_TEXT) return false;
  if (w !== undefined) cell.w = w;
  return true;
}
