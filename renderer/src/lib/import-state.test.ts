import { describe, expect, it } from 'vitest';
import { ImportState, SAVED_MAPPING_NOTICE } from './import-state.svelte.js';
import type { Sheet, Workbook } from '../../../shared/spreadsheet/workbook.js';

function sheet(name: string, rows: string[][]): Sheet {
  return {
    name,
    hidden: false,
    rowCount: rows.length,
    columnCount: Math.max(0, ...rows.map((r) => r.length)),
    rows: rows.map((cells, i) => ({ row: i + 1, cells })),
  };
}
function book(fileName: string, ...sheets: Sheet[]): Workbook {
  return { fileName, format: 'xlsx', sheets, notes: [] };
}
const GERMAN = book(
  'Kunden.xlsx',
  sheet('Telefone', [
    ['Kundennummer', 'Firma', 'Telefon', 'Durchwahl', 'Typ'],
    ['10023', 'Müller GmbH', '089/6237510', '12', 'Office'],
    ['10024', 'Schmidt KG', '030 1234567', '', 'Mobile'],
  ]),
  sheet('Nur Kopf', [['Kundennummer', 'Telefon', 'Typ']]),
);

describe('ImportState: everything belongs to one file', () => {
  it('maps German headers by themselves and counts the rows in words', () => {
    const s = new ImportState(() => ['de-DE']);
    s.loaded(GERMAN);
    expect(s.mapping?.CustomerNumber).toEqual({ kind: 'column', column: 'Kundennummer' });
    expect(s.mapping?.PhoneExtension).toEqual({ kind: 'column', column: 'Durchwahl' });
    expect(s.canReview).toBe(true);
    expect(s.reviewLabel).toBe('Review 2 records');
  });

  it('defaults the country to the computer’s region, and a new file forgets the last file’s format and country', () => {
    const s = new ImportState(() => ['de-DE']);
    expect(s.defaultCountry).toBe('DE');
    s.loaded(GERMAN);
    s.phoneFormat = 'e164';
    s.defaultCountry = 'US';
    // The finding: the setting carried over to the next file, which opened with 100 warnings.
    s.beginLoading('next.xlsx');
    expect(s.phoneFormat).toBe('as-displayed');
    expect(s.defaultCountry).toBe('DE');
  });

  it('while a new file loads, and after it is refused, nothing of the old file can be reviewed', () => {
    const s = new ImportState();
    s.loaded(GERMAN);
    s.beginLoading('big.xlsx');
    expect(s.workbook).toBeNull();
    expect(s.mapping).toBeNull();
    expect(s.canReview).toBe(false);
    expect(s.loading).toEqual({ fileName: 'big.xlsx', fraction: 0 });
    s.refused('"big.xlsx" is damaged.');
    expect(s.loading).toBeNull();
    expect(s.canReview).toBe(false);
    expect(s.error).toBe('"big.xlsx" is damaged.');
  });

  it('another sheet takes down the saved-mapping notice and says so when it has a header but no rows', () => {
    const s = new ImportState();
    s.loaded(GERMAN);
    s.useSavedMapping(s.mapping!);
    expect(s.notice).toBe(SAVED_MAPPING_NOTICE);
    s.chooseSheet(1);
    expect(s.notice).toBeNull();
    expect(s.dataRows).toBe(0);
    expect(s.emptySheetMessage).toBe(
      'The sheet “Nur Kopf” has a header row but no rows of data below it: add the customers’ rows under the header, or choose another sheet.',
    );
    expect(s.canReview).toBe(false);
    expect(s.reviewLabel).toBe('Review 0 records');
  });

  it('a saved mapping brings the conversion it was used with, and says so', () => {
    const s = new ImportState(() => ['en-US']);
    s.loaded(GERMAN);
    s.useSavedMapping(s.mapping!, { phoneFormat: 'e164', defaultCountry: 'DE' });
    expect(s.phoneFormat).toBe('e164');
    expect(s.defaultCountry).toBe('DE');
    expect(s.notice).toBe(
      `${SAVED_MAPPING_NOTICE} It converts phone numbers to international form, reading numbers without + as Germany (+49).`,
    );
  });

  it('a column chosen for two fields blocks Review with a sentence naming both', () => {
    const s = new ImportState();
    s.loaded(GERMAN);
    s.setSource('PhoneNumber', 'Kundennummer');
    expect(s.canReview).toBe(false);
    expect(s.mistakes[0]).toContain('“Kundennummer” is chosen for both customer number and phone number');
    s.setSource('PhoneNumber', 'Telefon');
    expect(s.canReview).toBe(true);
  });
});
