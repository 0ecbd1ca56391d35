import * as XLSX from 'xlsx';
import { writeFile } from 'node:fs/promises';
import type { JobDetail } from '../jobs/job-service.js';
import { neutraliseFormula } from './formula-guard.js';
import { explainFailure } from '../../shared/domain/failure-explanations.js';

export const REPORT_STATUS_HEADER = 'Status';
export const REPORT_MESSAGE_HEADER = 'Message';
export const REPORT_ROW_HEADER = 'Row';
export const REPORT_SITE_HEADER = 'Site';
/** The plain-words explanation the Results screen shows beside Wasp's message, for failed rows. */
export const REPORT_EXPLANATION_HEADER = 'What it means';

/**
 * The report's table: every source row in sheet order, `Row` (the sheet row number), the original
 * columns exactly as read, then `Status` and `Message`. The same table feeds the app's export and
 * the CLI's --report, and it re-opens as an import (the original headers are kept as they were).
 * A failed row's `Message` is Wasp's own text; `What it means` says the same in plain words with what to do.
 */
export function reportTable(detail: Pick<JobDetail, 'headers' | 'rows'>): string[][] {
  const width = detail.headers.length;
  // A job moved to another site says, per row, which site it went to (rows not sent: none).
  const moved = detail.rows.some((r) => r.site !== undefined);
  const header = [
    REPORT_ROW_HEADER,
    ...detail.headers,
    REPORT_STATUS_HEADER,
    REPORT_MESSAGE_HEADER,
    REPORT_EXPLANATION_HEADER,
    ...(moved ? [REPORT_SITE_HEADER] : []),
  ];
  const body = detail.rows.map((r) => {
    const cells = Array.from({ length: width }, (_, i) => r.cells[i] ?? '');
    const why = r.status === 'failed' ? explainFailure(r.message, r.wasp) : null;
    const row = [String(r.row), ...cells, r.status, r.message ?? '', why === null ? '' : `${why.title} ${why.action}`];
    if (moved) row.push(r.site ?? '');
    return row;
  });
  return [header, ...body];
}

/** An .xlsx where every cell is a text cell (type s, format @): nothing is ever a formula or a number. */
export function reportXlsx(table: string[][]): Uint8Array {
  const sheet: XLSX.WorkSheet = {};
  let maxCol = 0;
  table.forEach((row, r) => {
    row.forEach((value, c) => {
      sheet[XLSX.utils.encode_cell({ r, c })] = { t: 's', v: value, z: '@' };
    });
    maxCol = Math.max(maxCol, row.length - 1);
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, table.length - 1), c: maxCol } });
  sheet['!cols'] = (table[0] ?? []).map((h, c) => ({
    wch: Math.min(60, Math.max(8, h.length + 2, ...table.slice(1, 200).map((row) => (row[c] ?? '').length + 1))),
  }));
  sheet['!autofilter'] = { ref: sheet['!ref'] };
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Report');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

/** RFC 4180 CSV with a UTF-8 BOM (so Excel reads accents right), formula-looking values neutralised. */
export function reportCsv(table: string[][]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\uFEFF' + table.map((row) => row.map((v) => quote(neutraliseFormula(v))).join(',')).join('\r\n') + '\r\n';
}

/**
 * Writes the report to `path` as .xlsx or .csv (by `format`, else by the file's extension) — the one
 * writer behind the app's Export and the CLI's --report. Failures come back as one plain sentence.
 */
export async function writeReportFile(
  path: string,
  detail: Pick<JobDetail, 'headers' | 'rows'>,
  format?: 'xlsx' | 'csv',
): Promise<void> {
  const table = reportTable(detail);
  const csv = format === undefined ? /\.csv$/i.test(path) : format === 'csv';
  try {
    await writeFile(path, csv ? reportCsv(table) : reportXlsx(table));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EBUSY' || code === 'EPERM' || code === 'EACCES'
        ? 'the file is open in another program or the folder is read-only: close it or pick another place'
        : code;
    throw new ReportWriteError(`The report could not be written to "${path}" (${why}).`);
  }
}

export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
}
