import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../shared/spreadsheet/index.js';
import { zipBombXlsx } from '../../support/zip-bomb.js';
import { peakRssFromNow } from '../../support/peak-rss.js';

const MB = 1024 * 1024;

describe('D5: a workbook that inflates far beyond its size (zip bomb)', () => {
  it('the bomb builder makes a real workbook: at a harmless size it opens and reads', () => {
    const r = readWorkbook(zipBombXlsx(2 * MB), 'small.xlsx');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
  });

  it.each([
    ['declares its size honestly', undefined],
    ['lies about its size in the directory', 4096],
  ])(
    'a 300 MB shared-strings part that %s is refused under a 64 MB part limit, with a message that says so',
    (_name, declared) => {
      const bytes = zipBombXlsx(300 * MB, declared);
      const r = readWorkbook(bytes, 'bomb.xlsx', undefined, {
        limits: { maxInflatedPartBytes: 64 * MB, maxInflatedBytes: 128 * MB },
      });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe('validation');
        expect(r.error.message).toMatch(
          /"bomb\.xlsx" is not opened: its part "xl\/sharedStrings\.xml" (alone unpacks to more than 64 MB|unpacks to more than 256 times its packed size).*zip bomb/,
        );
      }
    },
  );

  it('a part over the size limit that packs like real XML is refused by size', () => {
    // Text that packs badly, and a directory that lies: no ratio alarm, only counting the inflated bytes stops it.
    const bytes = zipBombXlsx(12 * MB, 4096, true);
    expect(bytes.length).toBeGreaterThan(MB);
    const r = readWorkbook(bytes, 'big.xlsx', undefined, {
      limits: { maxInflatedPartBytes: 8 * MB, maxInflatedBytes: 800 * MB },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/its part "xl\/sharedStrings\.xml" alone unpacks to more than 8 MB/);
    const total = readWorkbook(bytes, 'big.xlsx', undefined, {
      limits: { maxInflatedPartBytes: 100 * MB, maxInflatedBytes: 10 * MB },
    });
    expect(total.ok).toBe(false);
    if (!total.ok) expect(total.error.message).toMatch(/its parts unpack to more than 10 MB together/);
  });

  it('the 2.1 GB bomb of the finding (4.5 MB file) is refused with the default limits, in bounded memory', () => {
    const bytes = zipBombXlsx(2100 * MB, 4096);
    const rssBefore = process.memoryUsage().rss;
    const peakSinceBefore = peakRssFromNow();
    const started = performance.now();
    const r = readWorkbook(bytes, 'bomb.xlsx');
    const ms = performance.now() - started;
    const peak = peakSinceBefore();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/zip bomb/);
    process.stdout.write(
      `[D5] ${(bytes.length / MB).toFixed(1)} MB file inflating to 2,100 MB: refused in ${Math.round(ms)} ms; RSS before ${Math.round(rssBefore / MB)} MB, peak RSS of this test process ${Math.round(peak / MB)} MB\n`,
    );
    // Memory stays far below what inflating the part would take (2.1 GB as bytes, twice that as a string).
    expect(peak).toBeLessThan(rssBefore + 256 * MB);
  });
});
