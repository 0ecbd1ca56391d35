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
  return err(
    'validation',
    `"${fileName}" is ${mb(size)}, more than the ${mb(maxBytes)} the importer opens: split it into smaller files.`,
  );
}

export function inflatesTooMuch(
  fileName: string,
  part: string,
  limit: 'part' | 'total' | 'ratio',
  limitBytes: number,
): Result<never> {
  const mb = `${Math.round(limitBytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
  const what =
    limit === 'part'
      ? `its part "${part}" alone unpacks to more than ${mb}`
      : limit === 'ratio'
        ? `its part "${part}" unpacks to more than ${limitBytes} times its packed size`
        : `its parts unpack to more than ${mb} together`;
  return err(
    'validation',
    `"${fileName}" is not opened: ${what}, far more than any real workbook (it looks like a "zip bomb"). If it is a real export, split it into smaller files.`,
  );
}
