import * as XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';
import { err, ok, type Result } from '../domain/app-error.js';
import { cellText } from './cell-text.js';
import { CFB } from './sheetjs-cfb.js';
import type { ContentKind } from './file-kind.js';
import { NoteLog, SheetBuilder } from './sheet-builder.js';
import type { ProgressListener, ReadLimits, Sheet, SpreadsheetFormat, Workbook } from './workbook.js';
import { isEncryptedOdf } from './odf-encryption.js';
import { inflatesTooMuch, passwordProtected, tooManyRows } from './read-messages.js';
import { checkZipInflation } from './zip-inflation.js';

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

function readSheet(ws: WorkSheet | undefined, builder: SheetBuilder): boolean {
  if (ws === undefined) return true;
  const data = sheetCells(ws);
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    if (src === undefined || src.length === 0) continue;
    const cells = new Array<string>(src.length);
    for (let c = 0; c < src.length; c++) cells[c] = cellText(src[c]);
    if (!builder.add(r + 1, cells)) return false;
  }
  return true;
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
): Result<Workbook> {
  onProgress({ stage: 'reading', fraction: 0 });
  if (content.kind === 'zip') {
    const inflation = checkZipInflation(bytes, {
      maxPartBytes: limits.maxInflatedPartBytes,
      maxTotalBytes: limits.maxInflatedBytes,
    });
    if (!inflation.ok) return inflatesTooMuch(fileName, inflation.part, inflation.limit, inflation.limitBytes);
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { ...SHEETJS_READ_OPTIONS });
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
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const hidden = (meta[i]?.Hidden ?? 0) !== 0;
    const builder = new SheetBuilder(name, hidden, limits.maxRows, notes);
    if (!readSheet(wb.Sheets[name], builder)) return tooManyRows(fileName, name, limits.maxRows);
    sheets.push(builder.build());
    onProgress({ stage: 'rows', fraction: 0.8 + (0.2 * (i + 1)) / names.length });
  }
  if (sheets.length === 0) return err('validation', `"${fileName}" has no sheets.`);
  return ok({ fileName, format, sheets, notes: notes.finish() });
}
