import { StringPool } from './string-pool.js';
import type { Sheet, SheetRow, Workbook } from './workbook.js';

/** Rows as plain data with few objects: cell k of the piece is text.slice(cellEnds[k - 1] ?? 0, cellEnds[k]). */
export interface PackedRows {
  text: string;
  rowNumbers: Int32Array;
  cellCounts: Int32Array;
  cellEnds: Int32Array;
}

/** Short cells are the ones that repeat (phone types, extensions, codes); longer ones share the part's text. */
const SHARED_CELL_CHARS = 12;

/** One piece of a table with, per row, the index of its first cell (so any row is found without a scan). */
interface Piece {
  packed: PackedRows;
  /** Index of the piece's first row in the table. */
  first: number;
  /** firstCell[k] is the index in cellEnds of row k's first cell; firstCell[n] is the cell total. */
  firstCell: Int32Array;
}

/**
 * A sheet's rows kept as they cross from the parse worker: a few long texts and typed arrays per
 * few thousand rows, never an object per row. A million rows held as SheetRow objects (a row, its
 * cells array and its cell strings) were millions of long-lived objects in the window's heap, and
 * the final pause of every full garbage collection while they were held (updating the pointers to
 * the objects it had moved) was the window's longest task (60-100 ms). A row is built only when
 * asked for, and whoever asks decides how long it lives.
 */
export class RowTable {
  private readonly pieces: Piece[] = [];
  /** One string for each short value seen before (never a Map: see string-pool.ts). */
  private readonly shared = new StringPool();
  private count = 0;

  /** A table of the given rows (packed in one piece): for tests and small sheets. */
  static of(rows: readonly SheetRow[]): RowTable {
    const table = new RowTable();
    if (rows.length > 0) table.append(packRows(rows, 0, rows.length));
    return table;
  }

  /** How many rows the table has. */
  get length(): number {
    return this.count;
  }

  /** Adds the rows of a piece after the ones already in. */
  append(packed: PackedRows): void {
    const n = packed.rowNumbers.length;
    if (n === 0) return;
    const firstCell = new Int32Array(n + 1);
    let c = 0;
    for (let k = 0; k < n; k++) {
      firstCell[k] = c;
      c += packed.cellCounts[k] as number;
    }
    firstCell[n] = c;
    if (c !== packed.cellEnds.length)
      throw new Error('a piece of rows does not add up: its cells and cell ends differ');
    this.pieces.push({ packed, first: this.count, firstCell });
    this.count += n;
  }

  /** The 1-based sheet row number of row `index` (as SheetRow.row). */
  rowNumber(index: number): number {
    const [piece, k] = this.locate(index);
    return piece.packed.rowNumbers[k] as number;
  }

  /** The cells of row `index`, exactly as many as it has, in a new array. */
  cells(index: number): string[] {
    const [piece, k] = this.locate(index);
    const from = piece.firstCell[k] as number;
    const to = piece.firstCell[k + 1] as number;
    const cells = new Array<string>(to - from);
    for (let c = from; c < to; c++) cells[c - from] = this.cellText(piece.packed, c);
    return cells;
  }

  /** Row `index` as a SheetRow (built now: the table keeps no row objects). */
  row(index: number): SheetRow {
    return { row: this.rowNumber(index), cells: this.cells(index) };
  }

  /** Rows from `start` up to (not including) `end`, as Array.prototype.slice counts them. */
  slice(start = 0, end = this.count): SheetRow[] {
    const from = clampIndex(start, this.count);
    const to = clampIndex(end, this.count);
    const out: SheetRow[] = [];
    for (let i = from; i < to; i++) out.push(this.row(i));
    return out;
  }

  private cellText(packed: PackedRows, c: number): string {
    const start = c === 0 ? 0 : (packed.cellEnds[c - 1] as number);
    const end = packed.cellEnds[c] as number;
    const cell = packed.text.slice(start, end);
    // Fewer strings kept is less for the collector to copy.
    return end - start > SHARED_CELL_CHARS ? cell : this.shared.share(cell);
  }

  private locate(index: number): [Piece, number] {
    if (!Number.isInteger(index) || index < 0 || index >= this.count)
      throw new RangeError(`row ${index} is outside the table (${this.count} rows)`);
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((pieces[mid] as Piece).first <= index) lo = mid;
      else hi = mid - 1;
    }
    const piece = pieces[lo] as Piece;
    return [piece, index - piece.first];
  }
}

function clampIndex(i: number, length: number): number {
  const n = Math.trunc(i);
  return n < 0 ? Math.max(0, length + n) : Math.min(n, length);
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

/** A sheet whose rows are a RowTable (what the window keeps of a sheet read by the parse worker). */
export interface TableSheet extends Omit<Sheet, 'rows'> {
  rows: RowTable;
}

/** A workbook whose sheets keep their rows packed. */
export interface TableWorkbook extends Omit<Workbook, 'sheets'> {
  sheets: TableSheet[];
}

/** A workbook read in place (tests, small sheets) with its rows in tables. */
export function tableWorkbook(workbook: Workbook): TableWorkbook {
  return { ...workbook, sheets: workbook.sheets.map((s): TableSheet => ({ ...s, rows: RowTable.of(s.rows) })) };
}

/**
 * The same workbook with only each sheet's first `rows` rows built as objects (rowCount and
 * columnCount unchanged): enough for what looks only at the top of a sheet, such as finding its
 * header row.
 */
export function workbookHead(workbook: TableWorkbook, rows: number): Workbook {
  return { ...workbook, sheets: workbook.sheets.map((s): Sheet => ({ ...s, rows: s.rows.slice(0, rows) })) };
}
