import type { AppErrorValue, Result } from '../domain/app-error.js';
import type { Sheet, SheetRow, Workbook } from './workbook.js';

/**
 * A Workbook sent across a message channel in pieces: the rows of a big sheet in one message would
 * be deserialised on the receiving (UI) thread as one long task (100,000 rows ≈ 150 ms), while
 * pieces of a few thousand rows each stay well under the 50 ms a frame can spare.
 *
 * The rows of a piece travel packed: their cells as one text with where each cell ends, their row
 * numbers and cell counts as typed arrays. Deserialised row by row (an object, an array and a string
 * per cell, a million rows of them), the pieces filled the window's young heap with objects that all
 * survive, and the collections that copied them were the window's longest tasks (40-120 ms on a
 * busy 2-core machine). Rows built by script from the packed text are allocated where the engine
 * learns they live long, and the text itself is a few large strings.
 */
export type WorkbookPart =
  | { type: 'rows'; sheet: number; rows: PackedRows }
  | { type: 'workbook'; workbook: Workbook }
  | { type: 'failed'; error: AppErrorValue };

/** Rows as plain data with few objects: cell k of the piece is text.slice(cellEnds[k - 1] ?? 0, cellEnds[k]). */
export interface PackedRows {
  text: string;
  rowNumbers: Int32Array;
  cellCounts: Int32Array;
  cellEnds: Int32Array;
}

/** Packs rows[from, to) of a sheet. */
export function packRows(rows: readonly SheetRow[], from: number, to: number): PackedRows {
  const n = Math.max(0, to - from);
  const rowNumbers = new Int32Array(n);
  const cellCounts = new Int32Array(n);
  let cellTotal = 0;
  for (let k = 0; k < n; k++) cellTotal += (rows[from + k] as SheetRow).cells.length;
  const cellEnds = new Int32Array(cellTotal);
  const texts: string[] = [];
  let c = 0;
  let end = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[from + k] as SheetRow;
    rowNumbers[k] = r.row;
    cellCounts[k] = r.cells.length;
    for (const cell of r.cells) {
      texts.push(cell);
      end += cell.length;
      cellEnds[c++] = end;
    }
  }
  return { text: texts.join(''), rowNumbers, cellCounts, cellEnds };
}

/** Short cells are the ones that repeat (phone types, extensions, codes); longer ones share the part's text. */
const SHARED_CELL_CHARS = 12;
const MAX_SHARED_CELLS = 1 << 16;

/** Unpacks rows, appending them to `into`; each row's cells array has exactly its cells. */
export function unpackRows(packed: PackedRows, into: SheetRow[], shared = new Map<string, string>()): void {
  const { text, rowNumbers, cellCounts, cellEnds } = packed;
  let c = 0;
  let start = 0;
  for (let k = 0; k < rowNumbers.length; k++) {
    const count = cellCounts[k] as number;
    const cells = new Array<string>(count);
    for (let j = 0; j < count; j++) {
      const end = cellEnds[c++] as number;
      let cell = text.slice(start, end);
      // One string for each short value seen before ("Office" in a million rows is one string, not a
      // million): fewer strings kept is less for the collector to copy.
      if (end - start <= SHARED_CELL_CHARS) {
        const same = shared.get(cell);
        if (same !== undefined) cell = same;
        else if (shared.size < MAX_SHARED_CELLS) shared.set(cell, cell);
      }
      cells[j] = cell;
      start = end;
    }
    into.push({ row: rowNumbers[k] as number, cells });
  }
}

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

/** Puts the parts back together; `accept` returns the result once the last part has arrived. */
export class WorkbookReceiver {
  private readonly rows: SheetRow[][] = [];
  private readonly shared = new Map<string, string>();

  accept(part: WorkbookPart): Result<Workbook> | null {
    switch (part.type) {
      case 'rows': {
        unpackRows(part.rows, (this.rows[part.sheet] ??= []), this.shared);
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
