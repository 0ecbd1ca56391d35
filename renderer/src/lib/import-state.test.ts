import { describe, expect, it } from 'vitest';
import { ImportState, SAVED_MAPPING_NOTICE } from './import-state.svelte.js';
import type { Sheet } from '../../../shared/spreadsheet/workbook.js';
import { tableWorkbook, type TableWorkbook } from '../../../shared/spreadsheet/row-table.js';
import type { Mapping } from '../../../shared/domain/job.js';
import { draft } from './draft.svelte.js';

function sheet(name: string, rows: string[][]): Sheet {
  return {
    name,
    hidden: false,
    rowCount: rows.length,
    columnCount: Math.max(0, ...rows.map((r) => r.length)),
    rows: rows.map((cells, i) => ({ row: i + 1, cells })),
  };
}
function book(fileName: string, ...sheets: Sheet[]): TableWorkbook {
  return tableWorkbook({ fileName, format: 'xlsx', sheets, notes: [] });
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

describe('ImportState transitions: open → suggest → template → review', () => {
  type Services = NonNullable<ConstructorParameters<typeof ImportState>[1]>;
  type Reply = Awaited<ReturnType<Services['parse']>>;
  function fakeServices(saved: { mapping: Mapping; phoneFormat?: 'e164' } | null = null) {
    const reads: Array<{ name: string; signal: AbortSignal; reply: (r: Reply) => void }> = [];
    const savedTemplates: unknown[] = [];
    const services: Services = {
      parse: (file, _onProgress, signal) =>
        new Promise<Reply>((reply) => {
          reads.push({ name: file.name, signal, reply });
          signal.addEventListener('abort', () =>
            reply({ ok: false, error: { kind: 'validation', message: 'cancelled', detail: 'cancelled' } }),
          );
        }),
      bridge: {
        findMappingTemplate: () => Promise.resolve({ ok: true, value: saved }),
        saveMappingTemplate: (t) => {
          savedTemplates.push(t);
          return Promise.resolve({ ok: true, value: { saved: true } });
        },
        exportMappingTemplate: () => Promise.resolve({ ok: true, value: { path: '/tmp/m.json' } }),
        saveImportTemplate: () => Promise.resolve({ ok: true, value: { path: null } }),
      },
      pause: () => Promise.resolve(),
    };
    return { services, reads, savedTemplates };
  }
  const file = (name: string) => ({ name, size: 10, arrayBuffer: () => Promise.resolve(new ArrayBuffer(10)) });

  it('a file opened while another is read wins, whichever answers last', async () => {
    const f = fakeServices();
    const s = new ImportState(() => ['de-DE'], f.services);
    const first = s.open(file('old.xlsx'));
    const second = s.open(file('Kunden.xlsx'));
    // The first read was stopped when the second began.
    expect(f.reads[0]!.signal.aborted).toBe(true);
    f.reads[1]!.reply({ ok: true, value: GERMAN });
    f.reads[0]!.reply({ ok: true, value: book('old.xlsx', sheet('Old', [['x'], ['1']])) });
    await Promise.all([first, second]);
    expect(s.workbook?.fileName).toBe('Kunden.xlsx');
    expect(s.error).toBeNull();
    expect(s.canReview).toBe(true);
  });

  it('Cancel stops the read, says nothing, and leaves nothing to review', async () => {
    const f = fakeServices();
    const s = new ImportState(() => [], f.services);
    const opening = s.open(file('big.xlsx'));
    expect(s.loading?.fileName).toBe('big.xlsx');
    s.cancelOpen();
    await opening;
    expect(s.loading).toBeNull();
    expect(s.error).toBeNull();
    expect(s.canReview).toBe(false);
  });

  it('offers the mapping saved for these headers, with its conversion, and says so', async () => {
    const guess = new ImportState(() => ['de-DE']);
    guess.loaded(GERMAN);
    const saved = { ...guess.mapping!, PhoneTypeName: { kind: 'constant' as const, value: 'Mobile' } };
    const g = fakeServices({ mapping: saved, phoneFormat: 'e164' });
    const s = new ImportState(() => ['de-DE'], g.services);
    const opening = s.open(file('Kunden.xlsx'));
    g.reads[0]!.reply({ ok: true, value: GERMAN });
    await opening;
    expect(s.mapping?.PhoneTypeName).toEqual({ kind: 'constant', value: 'Mobile' });
    expect(s.phoneFormat).toBe('e164');
    expect(s.notice).toContain(SAVED_MAPPING_NOTICE);
  });

  it('review() fills the draft with every mapped row and saves the mapping for next time', async () => {
    const f = fakeServices();
    const s = new ImportState(() => ['de-DE'], f.services);
    const opening = s.open(file('Kunden.xlsx'));
    f.reads[0]!.reply({ ok: true, value: GERMAN });
    await opening;
    s.choosePhoneFormat('e164');
    expect(await s.review()).toBe(true);
    expect(draft.source).toEqual({ kind: 'file', fileName: 'Kunden.xlsx', sheet: 'Telefone' });
    expect(draft.rows.toArray().map((r) => r.record.PhoneNumber)).toEqual(['+49896237510', '+49301234567']);
    expect(draft.defaultCountry).toBe('DE');
    expect(f.savedTemplates).toEqual([
      expect.objectContaining({ phoneFormat: 'e164', defaultCountry: 'DE', headers: s.headers }),
    ]);
  });

  it('marks a required field with no column, and both fields sharing one column', () => {
    const s = new ImportState();
    s.loaded(GERMAN);
    s.setSource('PhoneNumber', '__none');
    expect(s.missing).toEqual(['PhoneNumber']);
    s.setSource('PhoneNumber', 'Kundennummer');
    expect(s.usedTwice).toEqual(['CustomerNumber', 'PhoneNumber']);
    expect(s.sample('CustomerNumber')).toBe('10023 · 10024');
  });
});
