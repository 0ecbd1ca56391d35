import type { Delimiter } from './workbook.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];
const SNIFF_CHARS = 64 * 1024;
const SNIFF_LINES = 50;

/**
 * Picks the delimiter that splits the first lines into the same number of cells most often.
 * Quote-aware, so commas inside "Smith, John" do not count; title lines without any delimiter do
 * not spoil the vote because only the most common non-zero count is compared.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = CANDIDATES.map(() => [] as number[]);
  const perLine = CANDIDATES.map(() => 0);
  const codes = CANDIDATES.map((d) => d.charCodeAt(0));
  const end = Math.min(text.length, SNIFF_CHARS);
  let inQuotes = false;
  let lines = 0;
  const endLine = () => {
    for (let k = 0; k < perLine.length; k++) {
      (counts[k] as number[]).push(perLine[k] as number);
      perLine[k] = 0;
    }
    lines++;
  };
  for (let i = 0; i < end && lines < SNIFF_LINES; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === LF || c === CR) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      endLine();
    } else {
      const k = codes.indexOf(c);
      if (k >= 0) perLine[k] = (perLine[k] as number) + 1;
    }
  }
  if (perLine.some((n) => n > 0)) endLine();

  let best: Delimiter = ',';
  let bestAgree = 0;
  let bestWidth = 0;
  CANDIDATES.forEach((delimiter, k) => {
    const tally = new Map<number, number>();
    for (const n of counts[k] as number[]) if (n > 0) tally.set(n, (tally.get(n) ?? 0) + 1);
    for (const [width, agree] of tally) {
      if (agree > bestAgree || (agree === bestAgree && width > bestWidth)) {
        best = delimiter;
        bestAgree = agree;
        bestWidth = width;
      }
    }
  });
  return best;
}

export interface DelimitedParse {
  /** Record number whose opening quote is never closed (the rest of the file became one cell). */
  unclosedQuoteRow: number | null;
  /** False when `onRow` asked to stop. */
  complete: boolean;
}

/**
 * Splits delimited text into records (RFC 4180 quoting, CRLF/LF/CR line ends) and hands each to
 * `onRow` with its 1-based record number — the row number Excel shows when it opens the file.
 * Cells stay text exactly as written: no number, date or trimming conversion.
 * Quoted cells are cut out with indexOf and slice, so one multi-megabyte cell costs one copy.
 */
export function parseDelimited(
  text: string,
  delimiter: Delimiter,
  onRow: (row: number, cells: string[]) => boolean,
  onProgress?: (fraction: number) => void,
): DelimitedParse {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let row = 1;
  let cells: string[] = [];
  let unclosedQuoteRow: number | null = null;

  const fieldEnd = (from: number): number => {
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === d || c === LF || c === CR) break;
      k++;
    }
    return k;
  };

  for (;;) {
    let value: string;
    if (i < n && text.charCodeAt(i) === QUOTE) {
      value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) {
          value += text.slice(from);
          unclosedQuoteRow ??= row;
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      // Lenient like Excel: text after the closing quote belongs to the same cell.
      const k = fieldEnd(i);
      if (k > i) value += text.slice(i, k);
      i = k;
    } else {
      const k = fieldEnd(i);
      value = text.slice(i, k);
      i = k;
    }
    cells.push(value);

    if (i >= n) {
      return { unclosedQuoteRow, complete: onRow(row, cells) };
    }
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    if (!onRow(row, cells)) return { unclosedQuoteRow, complete: false };
    if (i >= n) return { unclosedQuoteRow, complete: true };
    row++;
    cells = [];
    if (onProgress !== undefined && (row & 0xffff) === 0) onProgress(i / n);
  }
}
