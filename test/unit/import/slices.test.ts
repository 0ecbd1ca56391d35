import { describe, expect, it } from 'vitest';
import { mapRows, mapRowsInSlices } from '../../../shared/records/map-rows.js';
import { runInSlices } from '../../../shared/records/slices.js';
import type { Mapping } from '../../../shared/domain/job.js';

const mapping: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'constant', value: 'Office' },
};

describe('mapping in slices', () => {
  it('gives exactly the records of mapRows, pausing at least every slice of rows', async () => {
    const rows = [
      { row: 1, cells: ['Customer', 'Phone'] },
      ...Array.from({ length: 5_000 }, (_, i) => ({ row: i + 2, cells: [`C${i}`, `555 ${i} x${i % 9}`] })),
    ];
    let pauses = 0;
    const sliced = await mapRowsInSlices(rows, 0, mapping, {}, async () => void pauses++, 1_000);
    expect(sliced).toEqual(mapRows(rows, 0, mapping));
    expect(pauses).toBeGreaterThanOrEqual(4);
  });

  // The finding: with a million rows, finding the column labels measured every row in one go (50 ms
  // in the window) although the sheet already knows its width. Each row is now read once, when mapped.
  it('with the sheet’s width, reads each row once, inside the slices', async () => {
    let reads = 0;
    const rows = [
      { row: 1, cells: ['Customer', 'Phone'] },
      ...Array.from({ length: 3_000 }, (_, i) => ({ row: i + 2, cells: [`C${i}`, `555 ${i}`] })),
    ].map((r) => ({
      row: r.row,
      get cells() {
        reads++;
        return r.cells;
      },
    }));
    const sliced = await mapRowsInSlices(rows, 0, mapping, {}, async () => undefined, 1_000, undefined, 2);
    expect(sliced.ok && sliced.value).toHaveLength(3_000);
    // The header row once for its labels, every other row once for its record.
    expect(reads).toBe(3_001);
  });

  it('a slice also ends when its time budget is used, however few rows it did', async () => {
    let pauses = 0;
    function* slow(): Generator<void> {
      for (let i = 0; i < 6; i++) {
        const until = Date.now() + 5;
        while (Date.now() < until);
        yield;
      }
    }
    await runInSlices(slow(), async () => void pauses++, 1_000_000, 4);
    expect(pauses).toBe(6);
  });
});
