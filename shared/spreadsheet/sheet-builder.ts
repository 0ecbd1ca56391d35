import { keepShapeOf } from '../speed/kept-shapes.js';
import { MAX_CELL_CHARS, MAX_COLUMNS, type Sheet, type SheetRow } from './workbook.js';

const MAX_NOTES = 20;

/** Collects the user-facing notes of one reading, capped so a broken file cannot flood the UI. */
export class NoteLog {
  readonly notes: string[] = [];
  private dropped = 0;
  add(note: string): void {
    if (this.notes.length < MAX_NOTES) this.notes.push(note);
    else this.dropped++;
  }
  finish(): string[] {
    if (this.dropped > 0) this.notes.push(`…and ${this.dropped.toLocaleString('en-US')} more like these.`);
    return this.notes;
  }
}

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

/**
 * Builds one Sheet row by row: drops fully blank rows and trailing empty cells, and holds rows to
 * what a SourceRecord can carry (cells cut to Excel's 32,767-character limit, at most 1,000 columns)
 * so that nothing read here is refused later by main.
 */
export class SheetBuilder {
  private readonly rows: SheetRow[] = [];
  private columnCount = 0;

  constructor(
    private readonly name: string,
    private readonly hidden: boolean,
    private readonly maxRows: number,
    private readonly notes: NoteLog,
  ) {}

  /**
   * Returns false once the sheet holds more than `maxRows` non-blank rows. `exact`: `cells` is a
   * new array of exactly its length (new Array(n)) that the builder may keep without copying it.
   */
  add(row: number, cells: string[], exact = false): boolean {
    let end = cells.length;
    while (end > 0 && isBlank(cells[end - 1] as string)) end--;
    if (end === 0) return true;
    if (end > MAX_COLUMNS) {
      this.notes.add(
        `Sheet "${this.name}" row ${row} has cells past column ${columnLetter(MAX_COLUMNS - 1)}; only the first ${MAX_COLUMNS.toLocaleString('en-US')} columns are read.`,
      );
      end = MAX_COLUMNS;
    }
    // An exact-size copy: a row built by push() keeps room for 17 cells, ~100 bytes a row wasted,
    // which is 100 MB for a million-row sheet.
    if (!exact || end !== cells.length) cells = cells.slice(0, end);
    for (let c = 0; c < end; c++) {
      const text = cells[c] as string;
      if (text.length > MAX_CELL_CHARS) {
        this.notes.add(
          `Sheet "${this.name}" cell ${columnLetter(c)}${row} holds ${text.length.toLocaleString('en-US')} characters; only the first ${MAX_CELL_CHARS.toLocaleString('en-US')} are kept (Excel's limit).`,
        );
        cells[c] = text.slice(0, MAX_CELL_CHARS);
      }
    }
    if (end > this.columnCount) this.columnCount = end;
    this.rows.push({ row, cells });
    return this.rows.length <= this.maxRows;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  build(): Sheet {
    return {
      name: this.name,
      hidden: this.hidden,
      rowCount: this.rows.length,
      columnCount: this.columnCount,
      rows: this.rows,
    };
  }
}

// The shapes readSheet's compiled code is built on, kept (kept-shapes.ts): a builder and its note log.
keepShapeOf(new SheetBuilder('', false, 0, new NoteLog()));
