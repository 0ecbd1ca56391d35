import * as XLSX from 'xlsx';

/** A plain sheet of `n` customers; every `pagerEvery`-th row (none when 0) uses the phone type "Pager". */
export function branchSheet(n: number, pagerEvery = 7): { bytes: Uint8Array; pagerRows: number[] } {
  const rows: string[][] = [['Customer Number', 'Phone', 'Phone Type']];
  const pagerRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const pager = pagerEvery > 0 && i % pagerEvery === 3;
    if (pager) pagerRows.push(i + 2);
    rows.push([`C${2000 + i}`, `555-02${String(i).padStart(2, '0')}`, pager ? 'Pager' : i % 2 ? 'Mobile' : 'Office']);
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Phones');
  return { bytes: XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array, pagerRows };
}

/** Writes a branchSheet of `n` rows (no pagers) into `dir` and returns its path. */
export async function branchSheetFile(dir: string, n: number): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const nodePath = await import('node:path');
  const join = (...parts: string[]): string => nodePath.join(...parts);
  const path = join(dir, `branch-${n}.xlsx`);
  await writeFile(path, branchSheet(n, 0).bytes);
  return path;
}
