import type { AppErrorValue, Result } from '../domain/app-error.js';
import type { Sheet, SheetRow, Workbook } from './workbook.js';

/**
 * A Workbook sent across a message channel in pieces: the rows of a big sheet in one message would
 * be deserialised on the receiving (UI) thread as one long task (100,000 rows ≈ 150 ms), while
 * pieces of a few thousand rows each stay well under the 50 ms a frame can spare.
 */
export type WorkbookPart =
  | { type: 'rows'; sheet: number; rows: SheetRow[] }
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
      post({ type: 'rows', sheet: index, rows: sheet.rows.slice(start, start + rowsPerPart) });
    }
  });
  post({ type: 'workbook', workbook: { ...wb, sheets: wb.sheets.map((s): Sheet => ({ ...s, rows: [] })) } });
}

/** Puts the parts back together; `accept` returns the result once the last part has arrived. */
export class WorkbookReceiver {
  private readonly rows: SheetRow[][] = [];

  accept(part: WorkbookPart): Result<Workbook> | null {
    switch (part.type) {
      case 'rows': {
        const into = (this.rows[part.sheet] ??= []);
        for (const r of part.rows) into.push(r);
        return null;
      }
      case 'failed':
        return { ok: false, error: part.error };
      case 'workbook': {
        const sheets = part.workbook.sheets.map((s, i): Sheet => ({ ...s, rows: this.rows[i] ?? [] }));
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
