import { err, type Result } from '../domain/app-error.js';

// One line each, naming the file and saying what to do: these are shown as they are.

const count = (n: number): string => n.toLocaleString('en-US');

export function passwordProtected(fileName: string): Result<never> {
  return err('validation', `"${fileName}" is password-protected: remove the password in Excel and save again.`);
}

export function tooManyRows(fileName: string, sheetName: string, maxRows: number): Result<never> {
  return err(
    'validation',
    `Sheet "${sheetName}" in "${fileName}" has more than ${count(maxRows)} rows, the most the importer reads: split it into smaller files.`,
  );
}

export function tooBig(fileName: string, size: number, maxBytes: number): Result<never> {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  return err('validation', `"${fileName}" is ${mb(size)}, more than the ${mb(maxBytes)} the importer opens: split it into smaller files.`);
}
