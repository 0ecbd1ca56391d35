import type { SheetRow } from '../spreadsheet/workbook.js';
import { autoMatchColumns, type ColumnMatch } from './column-match.js';
import { columnLabels } from './columns.js';
import { headerLabels } from './map-rows.js';

/** Title rows above the header are common; the header itself is rarely further down than this. */
export const HEADER_SCAN_ROWS = 20;
// Headers are in the first columns; scoring thousands of cells of a wide sheet would be wasted time.
const MAX_SCAN_COLUMNS = 256;

export interface HeaderGuess {
  /** Index into the sheet's `rows` (not the sheet row number). */
  index: number;
  /** Fields matched at that row, with the labels the mapping refers to. */
  match: ColumnMatch;
  /** True when at least two Wasp fields were recognised, i.e. this really looks like a header. */
  found: boolean;
}

function matchedFields(m: ColumnMatch): number {
  return Object.values(m.columns).filter((c) => c !== null).length;
}

function totalScore(m: ColumnMatch): number {
  return Object.values(m.scores).reduce((a, b) => a + b, 0);
}

/**
 * Scans the first rows for the one whose cells best name Wasp's fields; the earliest wins a tie.
 * `width` is the sheet's columnCount (saves a pass over the rows).
 */
export function detectHeaderRow(rows: readonly SheetRow[], width?: number): HeaderGuess {
  let best = -1;
  let bestScore = 0;
  const end = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < end; i++) {
    const cells = (rows[i] as SheetRow).cells.slice(0, MAX_SCAN_COLUMNS);
    const m = autoMatchColumns(columnLabels(cells));
    const score = totalScore(m);
    if (matchedFields(m) >= 2 && score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  const index = best >= 0 ? best : 0;
  return { index, match: autoMatchColumns(headerLabels(rows, index, width)), found: best >= 0 };
}
