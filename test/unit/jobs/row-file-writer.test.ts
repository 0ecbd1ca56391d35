import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredRow } from '../../../main/jobs/job-files.js';
import {
  PAGE_CHARS,
  RowFileWriter,
  RowReader,
  rowTuple,
  ROW_INDEX_FILE,
  ROWS_FILE,
} from '../../../main/jobs/row-store.js';
import { tempDir } from '../../support/sending-fixtures.js';
import { encodedRow, writeVersion2Rows } from '../../support/version1-job.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir('wasp-row-writer-');
});
afterEach(async () => {
  await dir.remove();
});

function row(n: number, customer: string, message?: string): StoredRow {
  const record = { CustomerNumber: customer, PhoneNumber: `555-${n}`, PhoneExtension: '', PhoneTypeName: 'Office' };
  const r: StoredRow = { row: n + 1, cells: [customer, record.PhoneNumber, '', 'Office'], record, status: 'pending' };
  if (message !== undefined) {
    r.status = 'invalid';
    r.message = message;
  }
  return r;
}

/** Adds every row the way a committed draft does (flush when told to), then reads them all back by index. */
async function writeAndRead(rows: StoredRow[]): Promise<StoredRow[]> {
  const writer = await RowFileWriter.create(dir.path);
  let flushes = 0;
  for (const r of rows)
    if (writer.addEncodedRow(encodedRow(r))) {
      flushes++;
      await writer.flush();
    }
  await writer.finish();
  expect(flushes, 'the test means to cross the write buffer at least once').toBeGreaterThan(0);
  const reader = await RowReader.open(dir.path);
  try {
    expect(reader.total).toBe(rows.length);
    return await reader.range(0, reader.total);
  } finally {
    await reader.close();
  }
}

describe('RowFileWriter (rows.jsonl written through one reused buffer)', () => {
  it('keeps every row and its offset across buffer flushes, with multi-byte text', async () => {
    // Accents (2 bytes), CJK (3 bytes) and an emoji (4 bytes, 2 UTF-16 units): a byte offset
    // computed from the string's length instead of the bytes written would misplace later rows.
    const names = ['Zoë Ångström', '株式会社テスト', 'Café 👩‍💼', 'plain'];
    const rows = Array.from({ length: 60_000 }, (_, i) =>
      row(i, `${names[i % names.length]!}-${i}`, i % 97 === 0 ? 'Phone is "missing"\n' : undefined),
    );
    expect(await writeAndRead(rows)).toEqual(rows);
  });

  it('writes a row wider than the buffer after the rows before it, and the rows after it in order', async () => {
    const huge = 'é'.repeat(3_000_000); // 6 MB as UTF-8: more than the 4 MiB buffer holds
    const rows = [row(0, 'first'), row(1, 'second'), row(2, huge), row(3, 'after'), row(4, 'last')];
    expect(await writeAndRead(rows)).toEqual(rows);
    const text = await readFile(join(dir.path, ROWS_FILE), 'utf8');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    // The huge row ends the page it joined; the rows after it start the next one.
    const pages = lines.slice(0, -1).map((l) => (JSON.parse(l) as unknown[][]).map((row) => row[2]));
    expect(pages).toEqual([
      ['first', 'second', huge],
      ['after', 'last'],
    ]);
  });

  it('keeps rows in order for a caller that flushes only at the end', async () => {
    const rows = [row(0, 'x'.repeat(1_500_000)), row(1, 'y'.repeat(1_500_000)), row(2, 'small'), row(3, 'last')];
    const writer = await RowFileWriter.create(dir.path);
    for (const r of rows) writer.addEncodedRow(encodedRow(r));
    await writer.finish();
    const reader = await RowReader.open(dir.path);
    try {
      expect(await reader.range(0, reader.total)).toEqual(rows);
    } finally {
      await reader.close();
    }
  });
});

/**
 * Writes rows in pages: as tuples (addRow, as writeNewJob does), and those at `encoded` from their
 * text (addEncodedRow, as draft-builder.ts writes a committed draft).
 */
async function writePaged(rows: StoredRow[], encoded: ReadonlySet<number> = new Set()): Promise<void> {
  const writer = await RowFileWriter.create(dir.path);
  for (const [i, r] of rows.entries()) {
    const full = encoded.has(i)
      ? writer.addEncodedRow(encodedRow(r))
      : writer.addRow(rowTuple(r.row, r.cells, r.record, r.status, r.message));
    if (full) await writer.flush();
  }
  await writer.finish();
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

async function withReader<T>(read: (reader: RowReader) => Promise<T>): Promise<T> {
  const reader = await RowReader.open(dir.path);
  try {
    return await read(reader);
  } finally {
    await reader.close();
  }
}

/** The index as written: each row's line offset, then the file's length. */
async function indexOffsets(): Promise<number[]> {
  const b = await readFile(join(dir.path, ROW_INDEX_FILE));
  return Array.from(new Float64Array(b.buffer, b.byteOffset, b.length / 8));
}

describe('rows.jsonl in pages (job.json version 3)', () => {
  it('reads back every range, across page ends, buffer flushes and pages written from tuples and from text', async () => {
    const names = ['Zoë Ångström', '株式会社テスト', 'Café 👩‍💼', 'plain', 'says "],[" inside'];
    const rows = Array.from({ length: 50_000 }, (_, i) =>
      row(i, `${names[i % names.length]!}-${i}`, i % 97 === 0 ? 'Phone is "missing"\n' : undefined),
    );
    // Runs of rows paged from their text (a committed draft) beside rows paged as tuples: each run
    // ends the page before it. (Lines of one row each, as older releases wrote: the version 2 case.)
    const encoded = new Set([0, 1, ...range(100, 300), 700, 701, 703, ...range(40_000, 40_131), 49_998, 49_999]);
    await writePaged(rows, encoded);
    const offsets = await indexOffsets();
    // Pages share their line's offset: far fewer distinct offsets than rows.
    expect(new Set(offsets.slice(0, -1)).size).toBeLessThan(rows.length / 10);
    await withReader(async (reader) => {
      expect(reader.total).toBe(rows.length);
      expect(await reader.range(0, reader.total)).toEqual(rows);
      for (const [a, b] of [
        [0, 1],
        [63, 65],
        [64, 128],
        [699, 703],
        [701, 702],
        [4_000, 4_200],
        [90, 310],
        [39_990, 40_140],
        [49_990, 50_000],
        [49_999, 60_000],
      ] as const)
        expect(await reader.range(a, b), `rows [${a}, ${b})`).toEqual(rows.slice(a, b));
      const scattered = [2, 3, 70, 900, 901, 30_000, 49_998];
      expect(await reader.rowsAt(scattered)).toEqual(scattered.map((p) => rows[p]));
    });
  });

  it('ends a page early when its rows are wide, so no line grows without bound', async () => {
    const wide = 'w'.repeat(20_000);
    const rows = Array.from({ length: 40 }, (_, i) => row(i, `${wide}-${i}`));
    await writePaged(rows);
    const offsets = (await indexOffsets()).slice(0, -1);
    const perLine = [...new Set(offsets)].map((o) => offsets.filter((x) => x === o).length);
    // Each row holds its customer twice (cell and field), over 40,000 characters: a page closes once
    // it reaches PAGE_CHARS, so it holds at most two of them, never the 64 a page of short rows holds.
    expect(perLine.length).toBeGreaterThan(5);
    expect(Math.max(...perLine)).toBeLessThanOrEqual(Math.ceil(PAGE_CHARS / 40_000));
    await withReader(async (reader) => expect(await reader.range(0, reader.total)).toEqual(rows));
  });

  it('still reads a version 2 rows file: one row a line, an offset each', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i, `v2-${i}`));
    await writeVersion2Rows(dir.path, rows);
    await withReader(async (reader) => {
      expect(await reader.range(0, reader.total)).toEqual(rows);
      expect(await reader.range(150, 151)).toEqual([rows[150]]);
      expect(await reader.rowsAt([5, 6, 200])).toEqual([rows[5], rows[6], rows[200]]);
    });
  });

  it('refuses a page whose rows do not match the index, instead of handing out the wrong rows', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i, `c-${i}`));
    await writePaged(rows);
    const offsets = await indexOffsets();
    // Claim the second page's first row belongs to the first page: the first page then has one row too many.
    const secondLine = offsets.findIndex((o) => o !== offsets[0]);
    offsets[secondLine] = offsets[0]!;
    await writeFile(join(dir.path, ROW_INDEX_FILE), Buffer.from(new Float64Array(offsets).buffer));
    await withReader(async (reader) => {
      await expect(reader.range(0, 10)).rejects.toThrow(/does not match its index/);
    });
  });
});
