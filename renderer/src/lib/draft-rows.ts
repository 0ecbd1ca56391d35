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

type Columns = Readonly<Record<PhoneField, readonly string[]>>;

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
    return this.columns[field][this.check(index)] as string;
  }

  /** The row's record, in a new object. */
  record(index: number): PhoneRecord {
    const i = this.check(index);
    const c = this.columns;
    return {
      CustomerNumber: c.CustomerNumber[i] as string,
      PhoneNumber: c.PhoneNumber[i] as string,
      PhoneExtension: c.PhoneExtension[i] as string,
      PhoneTypeName: c.PhoneTypeName[i] as string,
    };
  }

  isExcluded(index: number): boolean {
    return this.excludedFlags[this.check(index)] === 1;
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
    let column: string[] | null = null;
    let changed = 0;
    for (const index of indices) {
      if (!this.has(index) || (column ?? old)[index] === value) continue;
      column ??= old.slice();
      column[index] = value;
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
 * rows below the header): records go straight into their columns, no row object is kept. The
 * columns are made at their full size at once: grown by push, a million-row column was copied
 * again and again as it grew, inside slices that were meant to be short.
 */
export class DraftRowsBuilder {
  private readonly columns: Record<PhoneField, string[]>;
  private readonly excluded: Uint8Array;
  private count = 0;

  constructor(
    private readonly table: RowTable,
    private readonly first: number,
  ) {
    const capacity = Math.max(0, table.length - first);
    const column = () => new Array<string>(capacity).fill('');
    this.columns = {
      CustomerNumber: column(),
      PhoneNumber: column(),
      PhoneExtension: column(),
      PhoneTypeName: column(),
    };
    this.excluded = new Uint8Array(capacity);
  }

  add(record: PhoneRecord, excluded = false): void {
    const i = this.count;
    if (i >= this.excluded.length)
      throw new RangeError(`more draft rows than the table has from row ${this.first} (${this.table.length} rows)`);
    const c = this.columns;
    c.CustomerNumber[i] = record.CustomerNumber;
    c.PhoneNumber[i] = record.PhoneNumber;
    c.PhoneExtension[i] = record.PhoneExtension;
    c.PhoneTypeName[i] = record.PhoneTypeName;
    this.excluded[i] = excluded ? 1 : 0;
    this.count = i + 1;
  }

  /** The rows added so far (fewer than the table has when the mapping stopped early). */
  build(): DraftRows {
    const n = this.count;
    const c = this.columns;
    if (n < this.excluded.length) for (const field of PHONE_FIELDS) c[field].length = n;
    return DraftRows.fromColumns(this.table, this.first, c, this.excluded.slice(0, n));
  }
}
