import type { Mapping } from '../../shared/domain/job.js';
import { autoMatchColumns, headerLabels, suggestImport } from '../../shared/records/index.js';
import { columnLetter, type Sheet, type Workbook } from '../../shared/spreadsheet/index.js';
import { usageError } from './exit-codes.js';

export interface SheetChoice {
  sheet: Sheet;
  /** Index into the sheet's `rows` of the header row. */
  headerIndex: number;
  /** The header's sheet row number, as Excel shows it. */
  headerRow: number;
  /** Column labels the mapping refers to (headerLabels: blank → "Column F", repeats get their letter). */
  labels: string[];
  /** The app's auto-matched mapping for this header row. */
  autoMapping: Mapping;
  /** False when nothing looked like a header and none was named: the first row was taken. */
  found: boolean;
}

const quoteList = (names: readonly string[]) => names.map((n, i) => `${i + 1} "${n}"`).join(', ');

function findSheet(workbook: Workbook, wanted: string): number {
  const exact = workbook.sheets.findIndex((s) => s.name === wanted);
  if (exact >= 0) return exact;
  const folded = wanted.trim().toLowerCase();
  const byName = workbook.sheets.findIndex((s) => s.name.trim().toLowerCase() === folded);
  if (byName >= 0) return byName;
  // A sheet named "2024" wins over the 2024th sheet: names were tried first.
  if (/^\d+$/.test(wanted.trim())) {
    const n = Number(wanted.trim());
    if (n >= 1 && n <= workbook.sheets.length) return n - 1;
  }
  throw usageError(
    `--sheet "${wanted}": "${workbook.fileName}" has no such sheet; its sheets are ${quoteList(workbook.sheets.map((s) => s.name))} (give a name or a number).`,
  );
}

function rowRange(sheet: Sheet): string {
  const first = sheet.rows[0]?.row;
  const last = sheet.rows[sheet.rows.length - 1]?.row;
  return first === undefined || last === undefined ? 'none' : `${first} to ${last}`;
}

/**
 * The sheet and header row, as the app's Import screen picks them: --sheet (name or 1-based number)
 * and --header-row (the row number Excel shows) when given, else suggestImport's choice; with
 * --sheet alone the header is detected in that sheet, like choosing a sheet in the app.
 */
export function chooseSheetAndHeader(
  workbook: Workbook,
  sheetArg: string | undefined,
  headerRow: number | undefined,
): SheetChoice {
  let sheetIndex: number;
  let suggestion: { headerIndex: number; mapping: Mapping; found: boolean };
  if (sheetArg !== undefined) {
    sheetIndex = findSheet(workbook, sheetArg);
    const only = workbook.sheets[sheetIndex]!;
    if (only.rowCount === 0)
      throw usageError(`Sheet "${only.name}" in "${workbook.fileName}" is empty: choose another with --sheet.`);
    suggestion = suggestImport({ ...workbook, sheets: [only] });
  } else {
    const s = suggestImport(workbook);
    sheetIndex = s.sheetIndex;
    suggestion = s;
  }
  const sheet = workbook.sheets[sheetIndex]!;

  if (headerRow === undefined) {
    const index = suggestion.headerIndex;
    const row = sheet.rows[index];
    if (row === undefined)
      throw usageError(`Sheet "${sheet.name}" in "${workbook.fileName}" is empty: choose another with --sheet.`);
    return {
      sheet,
      headerIndex: index,
      headerRow: row.row,
      labels: headerLabels(sheet.rows, index, sheet.columnCount),
      autoMapping: suggestion.mapping,
      found: suggestion.found,
    };
  }

  const index = sheet.rows.findIndex((r) => r.row === headerRow);
  const row = sheet.rows[index];
  if (row === undefined || row.cells.every((c) => c.trim() === '')) {
    throw usageError(
      `--header-row ${headerRow}: row ${headerRow} of sheet "${sheet.name}" in "${workbook.fileName}" is blank; give the row number (as Excel shows it) of the row holding the column names (rows with data: ${rowRange(sheet)}).`,
    );
  }
  const labels = headerLabels(sheet.rows, index, sheet.columnCount);
  return { sheet, headerIndex: index, headerRow, labels, autoMapping: autoMatchColumns(labels).mapping, found: true };
}

/** `A "Cust #", B "Phone", …`: the headers found, for messages about columns. */
export function describeColumns(labels: readonly string[], max = 20): string {
  const shown = labels.slice(0, max).map((l, i) => `${columnLetter(i)} "${l}"`);
  return shown.join(', ') + (labels.length > max ? `, … (${labels.length} columns)` : '');
}
