import {
  PHONE_FIELDS,
  type PhoneField,
  type PhoneRecord,
  type SourceRecord,
} from '../../../shared/domain/phone-record.js';
import { RowTable } from '../../../shared/spreadsheet/row-table.js';

/** One row on its way to a job: where it came from, its cells as read, and the record to send. */
export interface DraftRow {
  row: number;
  cells: string[];
  record: PhoneRecord;
  excluded: boolean;
}

/**
 * A column in chunks of CHUNK rows: made a chunk at a time as rows are mapped (a million-row column
 * made at once was one long task), and an edit copies only the chunks it changes.
 */
type Column = readonly (readonly string[])[];
type Columns = Readonly<Record<PhoneField, Column>>;
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

const cellOf = (column: Column, i: number): string =>
  (column[i >>> CHUNK_BITS] as readonly string[])[i & IN_CHUNK] as string;

const NO_CELLS: readonly string[] = Object.freeze([]);

/**
 * The rows of a draft by column: each field of the records in an array of its own, the exclusions
 * in a byte each, and the cells and row numbers left packed in the sheet's RowTable. A million rows
 * held as objects (a row, its record and its cells array each) were millions of long-lived objects
 * in the window, and every full garbage collection's final pause grew with them until it was the
 * window's longest task. A row as an object (`at`) is built when asked for and lives as long as
 * whoever asked needs it.
 *
 * Never changed in place: an edit returns new rows sharing every column it did not change, so a
 * check or a count running over the rows as they were keeps reading them as they were.
 */
export class DraftRows {
  private constructor(
    private readonly table: RowTable,
    /** Draft row i is table row first + i. */
    private readonly first: number,
    private readonly columns: Columns,
    private readonly excludedFlags: Uint8Array,
  ) {}

  static empty(): DraftRows {
    return new DraftRowsBuilder(new RowTable(), 0).build();
  }

  /** Rows given whole (a retry of a job's failed rows, tests). */
  static of(rows: ReadonlyArray<Omit<DraftRow, 'excluded'> & { excluded?: boolean }>): DraftRows {
    const builder = new DraftRowsBuilder(RowTable.of(rows), 0);
    for (const r of rows) builder.add(r.record, r.excluded === true);
    return builder.build();
  }

  get length(): number {
    return this.excludedFlags.length;
  }

  /** The 1-based sheet row number of draft row `index`. */
  rowNumber(index: number): number {
    return this.table.rowNumber(this.first + this.check(index));
  }

  /** The row's cells as read from the sheet, in a new array. */
  cells(index: number): string[] {
    return this.table.cells(this.first + this.check(index));
  }

  field(index: number, field: PhoneField): string {
    return cellOf(this.columns[field], this.check(index));
  }

  /** The row's record, in a new object. */
  record(index: number): PhoneRecord {
    const i = this.check(index);
    const c = this.columns;
    return {
      CustomerNumber: cellOf(c.CustomerNumber, i),
      PhoneNumber: cellOf(c.PhoneNumber, i),
      PhoneExtension: cellOf(c.PhoneExtension, i),
      PhoneTypeName: cellOf(c.PhoneTypeName, i),
    };
  }

  isExcluded(index: number): boolean {
    return this.excludedFlags[this.check(index)] === 1;
  }

  /** The sheet row numbers of the excluded rows (a pass over a byte per row). */
  excludedRowNumbers(): Set<number> {
    const out = new Set<number>();
    const flags = this.excludedFlags;
    for (let i = 0; i < flags.length; i++) if (flags[i] === 1) out.add(this.rowNumber(i));
    return out;
  }

  /** Row `index` as an object (built now), or undefined past the end, as Array.prototype.at. */
  at(index: number): DraftRow | undefined {
    const i = index < 0 ? this.length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return { row: this.rowNumber(i), cells: this.cells(i), record: this.record(i), excluded: this.isExcluded(i) };
  }

  /**
   * The row as the record rules take it. Its cells are read only when `withCells` (the rules look at
   * them only to show a converted phone beside the sheet's): otherwise it has none.
   */
  sourceRecord(index: number, withCells: boolean): SourceRecord {
    return {
      row: this.rowNumber(index),
      cells: withCells ? this.cells(index) : (NO_CELLS as string[]),
      record: this.record(index),
    };
  }

  /** Every row as an object: for tests and small drafts only. */
  toArray(): DraftRow[] {
    const out: DraftRow[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i) as DraftRow);
    return out;
  }

  /** These rows with `field` of each row in `indices` set to `value`, and how many changed (none: these rows). */
  withField(indices: Iterable<number>, field: PhoneField, value: string): { rows: DraftRows; changed: number } {
    const old = this.columns[field];
    let column: (readonly string[])[] | null = null;
    const copied = new Set<number>();
    let changed = 0;
    for (const index of indices) {
      if (!this.has(index) || cellOf(column ?? old, index) === value) continue;
      column ??= old.slice();
      const c = index >>> CHUNK_BITS;
      if (!copied.has(c)) {
        column[c] = (old[c] as readonly string[]).slice();
        copied.add(c);
      }
      (column[c] as string[])[index & IN_CHUNK] = value;
      changed++;
    }
    if (column === null) return { rows: this, changed: 0 };
    return {
      rows: new DraftRows(this.table, this.first, { ...this.columns, [field]: column }, this.excludedFlags),
      changed,
    };
  }

  /** These rows with the fields in `change` set on row `index`. */
  withRecord(index: number, change: Partial<PhoneRecord>): DraftRows {
    return PHONE_FIELDS.reduce<DraftRows>((rows, field) => {
      const value = change[field];
      return value === undefined ? rows : rows.withField([index], field, value).rows;
    }, this);
  }

  /** These rows with each row in `indices` excluded (or included again), and how many changed. */
  withExcluded(indices: Iterable<number>, excluded: boolean): { rows: DraftRows; changed: number } {
    const flag = excluded ? 1 : 0;
    let flags: Uint8Array | null = null;
    let changed = 0;
    for (const index of indices) {
      if (!this.has(index) || (flags ?? this.excludedFlags)[index] === flag) continue;
      flags ??= this.excludedFlags.slice();
      flags[index] = flag;
      changed++;
    }
    if (flags === null) return { rows: this, changed: 0 };
    return { rows: new DraftRows(this.table, this.first, this.columns, flags), changed };
  }

  private has(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.length;
  }

  private check(index: number): number {
    if (!this.has(index)) throw new RangeError(`draft row ${index} does not exist (${this.length} rows)`);
    return index;
  }

  /** @internal for the builder */
  static fromColumns(table: RowTable, first: number, columns: Columns, excluded: Uint8Array): DraftRows {
    return new DraftRows(table, first, columns, excluded);
  }
}

/**
 * Fills draft rows one record at a time, in the order of the table's rows from `first` on (the
 * rows below the header): records go straight into their columns, no row object is kept. Each
 * column grows a chunk at a time (never copied as it grows, never made whole in one go).
 */
export class DraftRowsBuilder {
  private readonly columns: Record<PhoneField, string[][]> = {
    CustomerNumber: [],
    PhoneNumber: [],
    PhoneExtension: [],
    PhoneTypeName: [],
  };
  private readonly excluded: Uint8Array;
  private count = 0;

  constructor(
    private readonly table: RowTable,
    private readonly first: number,
  ) {
    this.excluded = new Uint8Array(Math.max(0, table.length - first));
  }

  add(record: PhoneRecord, excluded = false): void {
    const i = this.count;
    const capacity = this.excluded.length;
    if (i >= capacity)
      throw new RangeError(`more draft rows than the table has from row ${this.first} (${this.table.length} rows)`);
    const c = this.columns;
    if ((i & IN_CHUNK) === 0) {
      const size = Math.min(CHUNK, capacity - i);
      for (const field of PHONE_FIELDS) c[field].push(new Array<string>(size));
    }
    const k = i >>> CHUNK_BITS;
    const j = i & IN_CHUNK;
    (c.CustomerNumber[k] as string[])[j] = record.CustomerNumber;
    (c.PhoneNumber[k] as string[])[j] = record.PhoneNumber;
    (c.PhoneExtension[k] as string[])[j] = record.PhoneExtension;
    (c.PhoneTypeName[k] as string[])[j] = record.PhoneTypeName;
    this.excluded[i] = excluded ? 1 : 0;
    this.count = i + 1;
  }

  /** The rows added so far (fewer than the table has when the mapping stopped early). */
  build(): DraftRows {
    const n = this.count;
    const c = this.columns;
    if ((n & IN_CHUNK) !== 0)
      for (const field of PHONE_FIELDS) (c[field][n >>> CHUNK_BITS] as string[]).length = n & IN_CHUNK;
    return DraftRows.fromColumns(this.table, this.first, c, this.excluded.slice(0, n));
  }
}
