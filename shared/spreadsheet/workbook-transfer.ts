import type { AppErrorValue, Result } from '../domain/app-error.js';
import { packRows, RowTable, type PackedRows, type TableSheet, type TableWorkbook } from './row-table.js';
import type { Sheet, Workbook } from './workbook.js';

/**
 * A Workbook sent across a message channel in pieces: the rows of a big sheet in one message would
 * be deserialised on the receiving (UI) thread as one long task (100,000 rows ≈ 150 ms), while
 * pieces of a few thousand rows each stay well under the 50 ms a frame can spare.
 *
 * The rows of a piece travel packed: their cells as one text with where each cell ends, their row
 * numbers and cell counts as typed arrays. Deserialised row by row (an object, an array and a string
 * per cell, a million rows of them), the pieces filled the window's young heap with objects that all
 * survive, and the collections that copied them were the window's longest tasks (40-120 ms on a
 * busy 2-core machine). The receiver keeps them packed, in a RowTable (row-table.ts).
 */
export type WorkbookPart =
  | { type: 'rows'; sheet: number; rows: PackedRows }
  | { type: 'workbook'; workbook: Workbook }
  | { type: 'failed'; error: AppErrorValue };

export const ROWS_PER_PART = 4_000;

/** Posts a reading's result as parts: every sheet's rows in slices, then the workbook without rows. */
export function sendWorkbook(
  result: Result<Workbook>,
  post: (part: WorkbookPart) => void,
  rowsPerPart = ROWS_PER_PART,
): void {
  if (!result.ok) {
    post({ type: 'failed', error: result.error });
    return;
  }
  const wb = result.value;
  wb.sheets.forEach((sheet, index) => {
    for (let start = 0; start < sheet.rows.length; start += rowsPerPart) {
      post({
        type: 'rows',
        sheet: index,
        rows: packRows(sheet.rows, start, Math.min(sheet.rows.length, start + rowsPerPart)),
      });
    }
  });
  post({ type: 'workbook', workbook: { ...wb, sheets: wb.sheets.map((s): Sheet => ({ ...s, rows: [] })) } });
}

/**
 * Puts the parts back together; `accept` returns the result once the last part has arrived. The
 * rows stay packed (a RowTable per sheet): no object per row is made while the parts arrive.
 */
export class WorkbookReceiver {
  private readonly rows: RowTable[] = [];

  accept(part: WorkbookPart): Result<TableWorkbook> | null {
    switch (part.type) {
      case 'rows': {
        (this.rows[part.sheet] ??= new RowTable()).append(part.rows);
        return null;
      }
      case 'failed':
        return { ok: false, error: part.error };
      case 'workbook': {
        const sheets = part.workbook.sheets.map(({ rows: _none, ...s }, i): TableSheet => ({
          ...s,
          rows: this.rows[i] ?? new RowTable(),
        }));
        const broken = sheets.find((s) => s.rows.length !== s.rowCount);
        if (broken !== undefined) {
          return {
            ok: false,
            error: {
              kind: 'internal',
              message: `"${part.workbook.fileName}" arrived incomplete from the reader (sheet "${broken.name}").`,
            },
          };
        }
        return { ok: true, value: { ...part.workbook, sheets } };
      }
    }
  }
}
