import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { JobSummary } from '../../shared/domain/job.js';
import { runCli } from './cli-runner.js';

/** A fresh folder under the OS temp dir (data folders, sheets, reports). */
export function tempDir(prefix = 'wasp-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes an .xlsx with one sheet (or several) of plain text rows; returns its path. */
export async function writeSheet(dir: string, fileName: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets))
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  const path = join(dir, fileName);
  await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
  return path;
}

/** A 127.0.0.1 port nothing listens on (taken, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `wasp-phones jobs --json` for a data folder. */
export async function listJobsViaCli(dataDir: string): Promise<JobSummary[]> {
  const r = await runCli(['jobs', '--json', '--data-dir', dataDir], {});
  if (r.code !== 0) throw new Error(`wasp-phones jobs failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as JobSummary[];
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The cells of a report read back with SheetJS: the first sheet as rows of text. */
export function readReport(bytes: Uint8Array | string): { rows: string[][]; cells: XLSX.CellObject[] } {
  const book =
    typeof bytes === 'string'
      ? XLSX.read(bytes, { type: 'string', raw: true })
      : XLSX.read(bytes, { type: 'buffer', cellFormula: true });
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: '' });
  const cells = Object.entries(sheet)
    .filter(([k]) => !k.startsWith('!'))
    .map(([, v]) => v as XLSX.CellObject);
  return { rows, cells };
}
