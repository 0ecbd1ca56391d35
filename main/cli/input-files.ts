import { readFile, stat } from 'node:fs/promises';
import { checkBeforeReading, readWorkbook, type Workbook } from '../../shared/spreadsheet/index.js';
import {
  mappingFileOptions,
  parseMappingFile,
  type MappingFile,
  type NormaliseOptions,
} from '../../shared/records/index.js';
import { CliError, usageError } from './exit-codes.js';
import { nativeInflateRaw } from '../files/native-inflate.js';

// A mapping file is a few hundred bytes; anything this big is the wrong file.
const MAX_MAPPING_FILE_BYTES = 1024 * 1024;

function ioProblem(what: string, path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return `${what} "${path}" was not found: check the path (relative paths start in ${process.cwd()}).`;
  if (code === 'EACCES' || code === 'EPERM') return `${what} "${path}" cannot be read: permission denied.`;
  if (code === 'EISDIR') return `${what} "${path}" is a folder, not a file.`;
  return `${what} "${path}" cannot be read (${code ?? (e instanceof Error ? e.message : String(e))}).`;
}

/** Stats first so a folder or a 3 GB file is refused before a byte is read. */
async function readBytes(what: string, path: string, check: (size: number) => string | null): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw usageError(`${what} "${path}" is a folder, not a file.`);
    size = info.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw usageError(ioProblem(what, path, e));
  }
  const refusal = check(size);
  if (refusal !== null) throw usageError(refusal);
  try {
    return await readFile(path);
  } catch (e) {
    throw usageError(ioProblem(what, path, e));
  }
}

/**
 * FILE as the shared reader sees it. Every refusal (missing, too big, not a spreadsheet, password,
 * empty) is the reader's own one-line message, so the CLI and the app say the same thing.
 */
export async function readSpreadsheetFile(path: string, debug: boolean): Promise<Workbook> {
  const bytes = await readBytes('The file', path, (size) => {
    const pre = checkBeforeReading(path, size);
    return pre.ok ? null : pre.error.message;
  });
  const read = readWorkbook(bytes, path, undefined, { inflateRaw: nativeInflateRaw });
  if (!read.ok) {
    const detail = debug && read.error.detail !== undefined ? ` (${read.error.detail})` : '';
    throw usageError(`${read.error.message}${detail}`);
  }
  return read.value;
}

/** A mapping exported from the app (`--mapping FILE.json`), with the phone formatting it carries. */
export async function readMappingFile(path: string): Promise<{ file: MappingFile; options: NormaliseOptions }> {
  const bytes = await readBytes('The mapping file', path, (size) =>
    size > MAX_MAPPING_FILE_BYTES
      ? `The mapping file "${path}" is ${Math.round(size / 1024)} KB: that is not a mapping exported from the app.`
      : null,
  );
  const parsed = parseMappingFile(bytes.toString('utf8'), `The mapping file "${path}"`);
  if (!parsed.ok) throw usageError(parsed.error.message);
  return { file: parsed.value, options: mappingFileOptions(parsed.value) };
}
