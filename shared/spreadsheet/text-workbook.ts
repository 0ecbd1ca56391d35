import { ok, type Result } from '../domain/app-error.js';
import { parseDelimited, sniffDelimiter } from './delimited-text.js';
import { tooManyRows } from './read-messages.js';
import { NoteLog, SheetBuilder } from './sheet-builder.js';
import { decodeText } from './text-decoding.js';
import type { ProgressListener, ReadLimits, SpreadsheetFormat, Workbook } from './workbook.js';

/** Excel names the single sheet of a CSV after the file. */
function sheetNameFor(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) || 'Sheet1';
}

/** Reads .csv and .txt: decode, sniff the delimiter, split — every cell stays the text in the file. */
export function readTextWorkbook(
  bytes: Uint8Array,
  fileName: string,
  format: SpreadsheetFormat,
  limits: ReadLimits,
  onProgress: ProgressListener,
): Result<Workbook> {
  onProgress({ stage: 'reading', fraction: 0 });
  const { text, encoding, doubt } = decodeText(bytes);
  const delimiter = sniffDelimiter(text);
  onProgress({ stage: 'reading', fraction: 0.1 });

  const notes = new NoteLog();
  const name = sheetNameFor(fileName);
  const builder = new SheetBuilder(name, false, limits.maxRows, notes);
  let firstRepairedRow: number | null = null;
  const parsed = parseDelimited(
    text,
    delimiter,
    (row, cells) => {
      if (doubt === 'repaired' && firstRepairedRow === null && cells.some((c) => c.includes('\uFFFD')))
        firstRepairedRow = row;
      return builder.add(row, cells);
    },
    (fraction) => onProgress({ stage: 'rows', fraction: 0.1 + 0.9 * fraction }),
  );
  if (!parsed.complete) return tooManyRows(fileName, name, limits.maxRows);
  if (doubt === 'repaired') {
    notes.add(
      `Row ${firstRepairedRow ?? '?'} (and maybe others) has bytes that are not valid UTF-8; the file was read as UTF-8 and they show as "\uFFFD". Check those cells, or save the file again as "CSV UTF-8".`,
    );
  } else if (doubt === 'guessed') {
    notes.add(
      'The file is not UTF-8, so it was read as Windows-1252 (Western European). If letters look wrong (such as "Ã¼" for "ü"), save it from Excel as "CSV UTF-8" and import it again.',
    );
  }
  if (parsed.unclosedQuoteRow !== null) {
    notes.add(
      `Row ${parsed.unclosedQuoteRow} opens a quote (") that is never closed, so the rest of the file was read into one cell.`,
    );
  }
  return ok({ fileName, format, sheets: [builder.build()], notes: notes.finish(), encoding, delimiter });
}
