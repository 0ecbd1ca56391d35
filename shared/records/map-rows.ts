import { ok, type Result } from '../domain/app-error.js';
import type { Mapping } from '../domain/job.js';
import type { PhoneRecord, SourceRecord } from '../domain/phone-record.js';
import type { SheetRow } from '../spreadsheet/workbook.js';
import { columnLabels, resolveMapping, type ResolvedMapping, type ResolvedSource } from './columns.js';
import { formatPhone, splitExtension, tidy, tidyExtension, type NormaliseOptions } from './normalise.js';
import { runInSlices, SLICE_STEP, type Pause } from './slices.js';
import { keepShapeOf } from '../speed/kept-shapes.js';

/** Where one field of a record comes from: a column (its index), or a value already tidied (a constant, or '' for none). */
interface FieldSource {
  /** The column's index, or -1: the field is `value`. */
  column: number;
  value: string;
  /** Tidied as an extension (the marker dropped from "x204"), not as other fields. */
  extension: boolean;
}

/** How a field's text is tidied, column or constant alike. */
function clean(text: string, extension: boolean): string {
  return extension ? tidyExtension(text) : tidy(text);
}

function fieldSource(source: ResolvedSource, extension: boolean): FieldSource {
  switch (source.kind) {
    case 'column':
      return { column: source.index, value: '', extension };
    case 'constant':
      return { column: -1, value: clean(source.value, extension), extension };
    case 'none':
      return { column: -1, value: '', extension };
  }
}

function pick(source: FieldSource, cells: readonly string[]): string {
  return source.column < 0 ? source.value : clean(cells[source.column] ?? '', source.extension);
}

/** A mapping resolved against a header row, as mapRow() reads it (a literal: see typeChecker in validate.ts). */
export interface RowMapping {
  customer: FieldSource;
  phone: FieldSource;
  extension: FieldSource;
  type: FieldSource;
  /** Whether phones are reformatted (a phone format other than as displayed). */
  formatting: boolean;
  options: NormaliseOptions;
}

/**
 * The labels the mapping's column names refer to, for the given header row of a sheet; `width`
 * (the sheet's columnCount) saves a pass over the rows.
 */
export function headerLabels(rows: readonly SheetRow[], headerIndex: number, width?: number): string[] {
  let w = width ?? 0;
  if (width === undefined) for (const r of rows) if (r.cells.length > w) w = r.cells.length;
  return columnLabels(rows[headerIndex]?.cells ?? [], w);
}

/**
 * Turns the rows below the header into records as they will be sent: each field from its column
 * or constant, whitespace tidied, an extension written inside the phone cell moved to PhoneExtension
 * when the row has none of its own, and the phone reformatted only when asked to.
 * `cells` of each record is the sheet row's own array (not copied): treat it as read-only.
 */
export function mapRows(
  rows: readonly SheetRow[],
  headerIndex: number,
  mapping: Mapping,
  options: NormaliseOptions = {},
): Result<SourceRecord[]> {
  const m = rowMapping(headerLabels(rows, headerIndex), mapping, options);
  if (!m.ok) return m;
  const out: SourceRecord[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) out.push(mapRow(m.value, rows[i] as SheetRow));
  return ok(out);
}

/** Rows read one at a time by index, such as a RowTable, which builds each row only when asked. */
export interface RowsByIndex {
  readonly length: number;
  row(index: number): SheetRow;
}

/**
 * mapRows in slices with `pause()` awaited between them (the window maps 100,000 rows without
 * freezing). `as` shapes each record as the caller keeps it, inside the same slices, so a million
 * rows are never reshaped again in one go afterwards. `width` is the sheet's columnCount: without
 * it the labels are found by measuring every row first, in one go (a million rows: 50 ms), so rows
 * read by index need it.
 */
export async function mapRowsInSlices<T = SourceRecord>(
  rows: readonly SheetRow[],
  headerIndex: number,
  mapping: Mapping,
  options: NormaliseOptions,
  pause: Pause,
  sliceSize?: number,
  as?: (record: SourceRecord) => T,
  width?: number,
): Promise<Result<T[]>>;
export async function mapRowsInSlices<T = SourceRecord>(
  rows: RowsByIndex,
  headerIndex: number,
  mapping: Mapping,
  options: NormaliseOptions,
  pause: Pause,
  sliceSize: number | undefined,
  as: ((record: SourceRecord) => T) | undefined,
  width: number,
): Promise<Result<T[]>>;
export async function mapRowsInSlices<T = SourceRecord>(
  rows: readonly SheetRow[] | RowsByIndex,
  headerIndex: number,
  mapping: Mapping,
  options: NormaliseOptions,
  pause: Pause,
  sliceSize = 2_000,
  as: (record: SourceRecord) => T = (record) => record as T,
  width?: number,
): Promise<Result<T[]>> {
  const at: (i: number) => SheetRow = isRowArray(rows) ? (i) => rows[i] as SheetRow : (i) => rows.row(i);
  const labels = isRowArray(rows)
    ? headerLabels(rows, headerIndex, width)
    : columnLabels(headerIndex < rows.length ? rows.row(headerIndex).cells : [], width);
  const m = rowMapping(labels, mapping, options);
  if (!m.ok) return m;
  const fields = m.value;
  const out: T[] = [];
  const n = rows.length;
  function* steps(): Generator<void> {
    for (let i = headerIndex + 1; i < n; i++) {
      out.push(as(mapRow(fields, at(i))));
      if ((i - headerIndex) % SLICE_STEP === 0) yield;
    }
  }
  await runInSlices(steps(), pause, sliceSize);
  return ok(out);
}

function isRowArray(rows: readonly SheetRow[] | RowsByIndex): rows is readonly SheetRow[] {
  return Array.isArray(rows);
}

/** The mapping resolved against the header row's labels (headerLabels), for mapRow. */
export function rowMapping(labels: readonly string[], mapping: Mapping, options: NormaliseOptions): Result<RowMapping> {
  const resolved = resolveMapping(mapping, labels);
  return resolved.ok ? ok(rowMappingOf(resolved.value, options)) : resolved;
}

function rowMappingOf(m: ResolvedMapping, options: NormaliseOptions): RowMapping {
  return {
    customer: fieldSource(m.CustomerNumber, false),
    phone: fieldSource(m.PhoneNumber, false),
    extension: fieldSource(m.PhoneExtension, true),
    type: fieldSource(m.PhoneTypeName, false),
    formatting: (options.phoneFormat ?? 'as-displayed') !== 'as-displayed',
    options,
  };
}

// The shapes mapRow's compiled code is built on, kept (kept-shapes.ts): a RowMapping and its FieldSources.
keepShapeOf(
  rowMappingOf(
    {
      CustomerNumber: { kind: 'column', index: 0 },
      PhoneNumber: { kind: 'column', index: 1 },
      PhoneExtension: { kind: 'none' },
      PhoneTypeName: { kind: 'constant', value: 'Office' },
    },
    {},
  ),
);

/**
 * A sheet row as the record that will be sent: each field from its column or constant, whitespace
 * tidied, an extension written inside the phone cell moved to PhoneExtension when the row has none
 * of its own, and the phone reformatted only when asked to. `cells` is the row's own array.
 */
export function mapRow(m: RowMapping, { row, cells }: SheetRow): SourceRecord {
  let PhoneNumber = pick(m.phone, cells);
  let PhoneExtension = pick(m.extension, cells);
  if (PhoneExtension === '') {
    const split = splitExtension(PhoneNumber);
    if (split !== null) {
      PhoneNumber = split.phone;
      PhoneExtension = split.extension;
    }
  }
  if (m.formatting) PhoneNumber = formatPhone(PhoneNumber, m.options);
  const record: PhoneRecord = {
    CustomerNumber: pick(m.customer, cells),
    PhoneNumber,
    PhoneExtension,
    PhoneTypeName: pick(m.type, cells),
  };
  return { row, cells, record };
}
