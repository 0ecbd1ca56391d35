import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredRow } from '../../../main/jobs/job-files.js';
import { encodeRowLine, RowFileWriter, RowReader, ROWS_FILE } from '../../../main/jobs/row-store.js';
import { tempDir } from '../../support/sending-fixtures.js';

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

/** Adds every row the way job-writer.ts does (flush when add says so), then reads them all back by index. */
async function writeAndRead(rows: StoredRow[]): Promise<StoredRow[]> {
  const writer = await RowFileWriter.create(dir.path);
  let flushes = 0;
  for (const r of rows)
    if (writer.add(encodeRowLine(r.row, r.cells, r.record, r.status, r.message))) {
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
    expect(text.split('\n').map((l) => (l === '' ? '' : (JSON.parse(l) as unknown[])[2]))).toEqual([
      'first',
      'second',
      huge,
      'after',
      'last',
      '',
    ]);
  });

  it('keeps rows in order for a caller that flushes only at the end', async () => {
    const rows = [row(0, 'x'.repeat(1_500_000)), row(1, 'y'.repeat(1_500_000)), row(2, 'small'), row(3, 'last')];
    const writer = await RowFileWriter.create(dir.path);
    for (const r of rows) writer.add(encodeRowLine(r.row, r.cells, r.record, r.status, r.message));
    await writer.finish();
    const reader = await RowReader.open(dir.path);
    try {
      expect(await reader.range(0, reader.total)).toEqual(rows);
    } finally {
      await reader.close();
    }
  });
});
