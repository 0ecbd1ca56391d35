import { err, ok, type Result } from '../domain/app-error.js';
import { sniffContent } from './file-kind.js';
import { readOfficeWorkbook } from './office-workbook.js';
import { tooBig } from './read-messages.js';
import { readTextWorkbook } from './text-workbook.js';
import {
  DEFAULT_READ_LIMITS,
  SPREADSHEET_FORMATS,
  type ProgressListener,
  type ReadLimits,
  type ReadOptions,
  type SpreadsheetFormat,
  type Workbook,
} from './workbook.js';

const TEXT_FORMATS: ReadonlySet<SpreadsheetFormat> = new Set(['csv', 'txt']);

export function formatOfFileName(fileName: string): SpreadsheetFormat | null {
  const m = /\.([^./\\]+)$/.exec(fileName);
  const ext = m?.[1]?.toLowerCase();
  return (SPREADSHEET_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as SpreadsheetFormat) : null;
}

function monotonic(listener: ProgressListener | undefined): ProgressListener {
  if (listener === undefined) return () => {};
  let last = -1;
  return (p) => {
    const fraction = Math.min(1, Math.max(p.fraction, last));
    if (fraction === last) return;
    last = fraction;
    listener({ stage: p.stage, fraction });
  };
}

/**
 * The checks that need only the name and size: lets a caller refuse a 3 GB video before reading
 * a byte of it. readWorkbook runs them too.
 */
export function checkBeforeReading(
  fileName: string,
  size: number,
  options: ReadOptions = {},
): Result<SpreadsheetFormat> {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const format = formatOfFileName(fileName);
  if (format === null) {
    return err(
      'validation',
      `"${fileName}" is not a file type the importer opens: use .xlsx, .xlsm, .xls, .ods, .csv or .txt.`,
    );
  }
  if (size === 0) return err('validation', `"${fileName}" is empty (0 bytes).`);
  if (size > limits.maxBytes) return tooBig(fileName, size, limits.maxBytes);
  return ok(format);
}

/**
 * Reads a spreadsheet file into plain rows of displayed cell text. Environment-free: runs the same
 * in the renderer's worker, in main and in the CLI. Every refusal is a one-line `validation` error
 * that names the file; nothing here throws.
 */
export function readWorkbook(
  bytes: Uint8Array,
  fileName: string,
  onProgress?: ProgressListener,
  options: ReadOptions = {},
): Result<Workbook> {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const checked = checkBeforeReading(fileName, bytes.length, options);
  if (!checked.ok) return checked;
  const format = checked.value;
  const progress = monotonic(onProgress);
  const content = sniffContent(bytes);
  try {
    let result: Result<Workbook>;
    if (content.kind === 'other') {
      return err('validation', `"${fileName}" is ${content.what}, not a spreadsheet.`);
    } else if (TEXT_FORMATS.has(format)) {
      result =
        content.kind === 'text' || content.kind === 'markup'
          ? readTextWorkbook(bytes, fileName, format, limits, progress)
          : // A workbook saved under a .csv name: SheetJS knows what it really is.
            readOfficeWorkbook(bytes, fileName, format, content, limits, progress, options.inflateRaw);
    } else if (content.kind === 'text') {
      // Web exports often name tab-separated text ".xls" and Excel opens it; .xlsx/.ods never are text.
      if (format !== 'xls') {
        return err(
          'validation',
          `"${fileName}" is a text file, not a ${format === 'ods' ? 'spreadsheet' : 'workbook'}: if it holds comma-, semicolon- or tab-separated values, rename it to .csv.`,
        );
      }
      result = readTextWorkbook(bytes, fileName, format, limits, progress);
    } else if (content.kind === 'markup' && format !== 'xls') {
      return err(
        'validation',
        `"${fileName}" is a web page or XML file, not a ${format === 'ods' ? 'spreadsheet' : 'workbook'}.`,
      );
    } else {
      result = readOfficeWorkbook(bytes, fileName, format, content, limits, progress, options.inflateRaw);
    }
    if (!result.ok) return result;
    if (result.value.sheets.every((s) => s.rowCount === 0)) {
      return err(
        'validation',
        `"${fileName}" has no data: ${result.value.sheets.length > 1 ? 'every sheet is' : 'the sheet is'} empty.`,
      );
    }
    progress({ stage: 'rows', fraction: 1 });
    return result;
  } catch (e) {
    // Our own code failing, not the file: say so, so it gets reported instead of "fixed" by the user.
    return err(
      'internal',
      `"${fileName}" could not be read because of an error in the importer.`,
      e instanceof Error ? e.message : String(e),
    );
  }
}
