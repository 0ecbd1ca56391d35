import type { CellObject } from 'xlsx';

const EXPONENT = /E[+-]?\d+$/i;

function mayBeExponent(w: string): boolean {
  return w.includes('E') || w.includes('e');
}

/**
 * The text a cell shows in Excel (SheetJS's formatted `.w`), with one deliberate exception:
 * a whole number displayed in scientific notation ("General" in a narrow column, or a 0.00E+00
 * format) is given in full, because for a phone or customer number "4.41235E+14" destroys the
 * digits the user meant.
 */
export function cellText(cell: CellObject | undefined | null): string {
  return cell == null ? '' : cellTextWith(cell, cell.w);
}

/** cellText of a cell whose `.w` is `w` (given by displayed-text.ts rather than written to the cell). */
export function cellTextWith(cell: CellObject, w: string | undefined): string {
  const v = cell.v;
  if (cell.t === 'n' && typeof v === 'number') {
    if (w === undefined) return String(v);
    // Most numbers shown have no E at all: they skip the regular expression (every number cell of a sheet).
    if (mayBeExponent(w) && EXPONENT.test(w) && Number.isSafeInteger(v)) return String(v);
    return w;
  }
  if (w !== undefined) return w;
  if (v === undefined || v === null) return '';
  if (cell.t === 'b') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
