/**
 * What reading a spreadsheet produces: plain data (structured-clone safe) so that a Web Worker can
 * hand it to the window and main or the CLI can use it as is.
 */

export const SPREADSHEET_FORMATS = ['xlsx', 'xlsm', 'xls', 'ods', 'csv', 'txt'] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

/** One non-blank row: `row` is the 1-based row number Excel shows, `cells` the displayed texts. */
export interface SheetRow {
  row: number;
  /** Displayed cell texts from column A on; trailing empty cells are dropped, so lengths vary. */
  cells: string[];
}

export interface Sheet {
  name: string;
  hidden: boolean;
  /** Number of non-blank rows (the length of `rows`). */
  rowCount: number;
  /** Widest row, in cells. */
  columnCount: number;
  rows: SheetRow[];
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

export interface Workbook {
  fileName: string;
  format: SpreadsheetFormat;
  sheets: Sheet[];
  /** Things the user should know that did not stop the reading (e.g. a cell cut to Excel's limit). */
  notes: string[];
  /** Text files only: how the bytes were decoded and which delimiter was found. */
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
}

export interface ReadLimits {
  maxBytes: number;
  /** Non-blank rows per sheet. */
  maxRows: number;
  /** .xlsx/.ods: the most any one part of the ZIP may inflate to (the file size limit is on the compressed file). */
  maxInflatedPartBytes: number;
  /** .xlsx/.ods: the most all parts together may inflate to. */
  maxInflatedBytes: number;
}

// The product promise is "up to 100 MB and 1,000,000 rows": past that a renderer tab runs out of
// memory long before the user sees a preview.
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_ROWS = 1_000_000;
// A million rows of five columns is about 200 MB of sheet XML; much more than that is not a
// spreadsheet but a decompression bomb, and SheetJS would hold all of it in memory at once.
export const MAX_INFLATED_PART_BYTES = 400 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 800 * 1024 * 1024;
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: MAX_FILE_BYTES,
  maxRows: MAX_ROWS,
  maxInflatedPartBytes: MAX_INFLATED_PART_BYTES,
  maxInflatedBytes: MAX_INFLATED_BYTES,
};

/** Excel's own cell limit; SourceRecord accepts cells up to 32,768 characters. */
export const MAX_CELL_CHARS = 32_767;
/** SourceRecord carries at most 1,000 cells per row. */
export const MAX_COLUMNS = 1_000;

export type ReadStage = 'reading' | 'rows';
/** `fraction` is the overall progress from 0 to 1 and never goes back. */
export interface ReadProgress {
  stage: ReadStage;
  fraction: number;
}
export type ProgressListener = (progress: ReadProgress) => void;

/**
 * A native raw-deflate inflater, where the caller has one (node:zlib in the CLI): `data` inflated, or
 * an exception once the output would pass `maxBytes`. Without one, .xlsx parts are inflated in
 * JavaScript (exact-inflate.ts); either way a part is never inflated past the size it declares.
 */
export type InflateRaw = (data: Uint8Array, maxBytes: number) => Uint8Array;

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  inflateRaw?: InflateRaw;
}
