import * as XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';
import { err, ok, type Result } from '../domain/app-error.js';
import { cellTextWith } from './cell-text.js';
import { displayedText, NEEDS_SHEETJS_TEXT, type DisplayOptions } from './displayed-text.js';
import { CFB, parseZip, type CfbContainer } from './sheetjs-cfb.js';
import type { ContentKind } from './file-kind.js';
import { NoteLog, SheetBuilder } from './sheet-builder.js';
import type { InflateRaw, ProgressListener, ReadLimits, Sheet, SpreadsheetFormat, Workbook } from './workbook.js';
import { isEncryptedOdf } from './odf-encryption.js';
import { inflatesTooMuch, passwordProtected, tooManyRows } from './read-messages.js';
import { checkZipInflation } from './zip-inflation.js';
import { zipDirectory } from './zip-directory.js';
import { unpackZip } from './zip-unpack.js';

/** How the importer calls XLSX.read (exported for the benchmark's like-for-like comparison). */
export const SHEETJS_READ_OPTIONS: Readonly<XLSX.ParsingOptions> = {
  type: 'array',
  // Dense sheets are faster to read and to walk than one object key per cell.
  dense: true,
  // `.w`, the displayed text, is what we read; the rest is work we would throw away.
  cellText: true,
  cellDates: false,
  cellHTML: false,
  cellFormula: false,
  cellStyles: false,
  bookVBA: false,
  sheetStubs: false,
  // For HTML/XML files saved as .xls: keep "00123" as text instead of the number 123.
  raw: true,
};

/**
 * How .xlsx and .xlsm are read: every cell keeps its value and number format but SheetJS formats
 * none of them; displayed-text.ts gives each the text SheetJS would have (its short paths make
 * that much cheaper than SheetJS formatting every cell while parsing). Exported for the benchmark.
 */
export const SHEETJS_OOXML_READ_OPTIONS: Readonly<XLSX.ParsingOptions> = {
  ...SHEETJS_READ_OPTIONS,
  cellText: false,
  cellNF: true,
};

/** An Office Open XML workbook (not .xlsb, not an .ods under another name): the reader the lean read was checked against. */
function isOoxmlWorkbook(bytes: Uint8Array): boolean {
  return zipDirectory(bytes)?.some((e) => e.name === 'xl/workbook.xml') ?? false;
}

function sheetCells(ws: WorkSheet): (CellObject[] | undefined)[] {
  const dense = ws['!data'];
  if (dense !== undefined) return dense;
  // Not every reader honours `dense`. Walk the cells that exist, not the range: a stray cell at
  // XFD1048576 would make the range billions of cells.
  const rows: CellObject[][] = [];
  for (const [address, cell] of Object.entries(ws)) {
    if (address.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(address);
    (rows[r] ??= [])[c] = cell as CellObject;
  }
  return rows;
}

/** `display`: the sheet was read without text (SHEETJS_OOXML_READ_OPTIONS) and is formatted here. */
function readSheet(
  ws: WorkSheet | undefined,
  builder: SheetBuilder,
  display: DisplayOptions | null,
): 'ok' | 'too-many-rows' | 'needs-sheetjs-text' {
  if (ws === undefined) return 'ok';
  const data = sheetCells(ws);
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (src === undefined || src.length === 0) continue;
    // Each SheetJS row is let go once read: a garbage collection during the rest of the read or the
    // preview then has only our rows to mark, not SheetJS's 400,000 cell objects as well.
    data[r] = undefined;
    const cells = new Array<string>(src.length);
    for (let c = 0; c < src.length; c++) {
      const cell = src[c];
      if (cell == null) cells[c] = '';
      else if (display === null) cells[c] = cellTextWith(cell, cell.w);
      else {
        const w = displayedText(cell, display);
        if (w === NEEDS_SHEETJS_TEXT) return 'needs-sheetjs-text';
        cells[c] = cellTextWith(cell, w);
      }
    }
    if (!builder.add(r + 1, cells, true)) return 'too-many-rows';
  }
  return 'ok';
}

/** Encrypted OOXML is a CFB container with these streams; SheetJS's errors for it vary by variant. */
function isEncryptedOoxml(bytes: Uint8Array): boolean {
  try {
    const cfb = CFB.read(bytes, { type: 'buffer' });
    return CFB.find(cfb, 'EncryptionInfo') != null || CFB.find(cfb, 'EncryptedPackage') != null;
  } catch {
    return false;
  }
}

function isEncrypted(bytes: Uint8Array, content: ContentKind): boolean {
  return content.kind === 'cfb' ? isEncryptedOoxml(bytes) : content.kind === 'zip' ? isEncryptedOdf(bytes) : false;
}

function describeFormat(format: SpreadsheetFormat): string {
  return format === 'ods' ? 'OpenDocument spreadsheet' : 'Excel workbook';
}

/** Reads .xlsx, .xlsm, .xls and .ods through SheetJS; the caller has checked size and content kind. */
export function readOfficeWorkbook(
  bytes: Uint8Array,
  fileName: string,
  format: SpreadsheetFormat,
  content: ContentKind,
  limits: ReadLimits,
  onProgress: ProgressListener,
  inflateRaw?: InflateRaw,
): Result<Workbook> {
  onProgress({ stage: 'reading', fraction: 0 });
  const lean = isOoxmlWorkbook(bytes);
  let parts: CfbContainer | null = null;
  if (content.kind === 'zip') {
    const inflationLimits = { maxPartBytes: limits.maxInflatedPartBytes, maxTotalBytes: limits.maxInflatedBytes };
    // An .xlsx whose parts inflate to exactly their declared sizes is inflated once, here; any other
    // zip is checked by counting its inflated bytes and then unzipped by SheetJS.
    parts = lean ? unpackZip(bytes, inflationLimits, inflateRaw) : null;
    if (parts === null) {
      const inflation = checkZipInflation(bytes, inflationLimits);
      if (!inflation.ok) return inflatesTooMuch(fileName, inflation.part, inflation.limit, inflation.limitBytes);
    }
  }
  return readWithSheetJs({ bytes, parts, fileName, format, content, limits, onProgress }, lean);
}

/** What one read of an Office file works from (read again the slower way when the lean read cannot finish). */
interface OfficeRead {
  bytes: Uint8Array;
  /** The zip's parts, already inflated within the limits (zip-unpack.ts), or null: SheetJS unzips `bytes`. */
  parts: CfbContainer | null;
  fileName: string;
  format: SpreadsheetFormat;
  content: ContentKind;
  limits: ReadLimits;
  onProgress: ProgressListener;
}

function readWithSheetJs(file: OfficeRead, lean: boolean): Result<Workbook> {
  const { bytes, parts, fileName, format, content, limits, onProgress } = file;
  let wb: XLSX.WorkBook;
  try {
    const options = { ...(lean ? SHEETJS_OOXML_READ_OPTIONS : SHEETJS_READ_OPTIONS) };
    wb = parts !== null ? parseZip(parts, options) : XLSX.read(bytes, options);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    // Office never uses ZIP-level encryption, so SheetJS's "Unsupported ZIP encryption" means a damaged
    // zip; only its password message or the encryption streams themselves mean a protected file.
    if (/password/i.test(reason) || isEncrypted(bytes, content)) return passwordProtected(fileName);
    return err(
      'validation',
      `"${fileName}" is damaged or is not a real ${describeFormat(format)}, so it cannot be opened.`,
      reason,
    );
  }
  onProgress({ stage: 'reading', fraction: 0.8 });

  const notes = new NoteLog();
  const sheets: Sheet[] = [];
  const meta = wb.Workbook?.Sheets ?? [];
  const names = wb.SheetNames;
  const display: DisplayOptions | null = lean ? { date1904: wb.Workbook?.WBProps?.date1904 === true } : null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const hidden = (meta[i]?.Hidden ?? 0) !== 0;
    const builder = new SheetBuilder(name, hidden, limits.maxRows, notes);
    const read = readSheet(wb.Sheets[name], builder, display);
    if (read === 'too-many-rows') return tooManyRows(fileName, name, limits.maxRows);
    // A cell whose text only SheetJS's own formatting knows: the whole file is read that way instead.
    if (read === 'needs-sheetjs-text') return readWithSheetJs(file, false);
    sheets.push(builder.build());
    onProgress({ stage: 'rows', fraction: 0.8 + (0.2 * (i + 1)) / names.length });
  }
  if (sheets.length === 0) return err('validation', `"${fileName}" has no sheets.`);
  return ok({ fileName, format, sheets, notes: notes.finish() });
}
