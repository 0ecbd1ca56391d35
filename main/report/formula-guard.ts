/**
 * CSV formula injection: a cell that starts with = + - @ (or a tab / carriage return, which some
 * spreadsheet programs skip before looking) is run as a formula when the CSV is opened in Excel.
 * The report prefixes such values with an apostrophe, which Excel shows as plain text.
 */
const DANGEROUS_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}
