import { describe, expect, it } from 'vitest';
import { countryChoices, countryLabel, regionFromLocales } from '../../../shared/records/countries.js';
import { mapRows } from '../../../shared/records/map-rows.js';
import { validateRecords } from '../../../shared/records/validate.js';
import { conversionProblem } from '../../../shared/records/phone-conversion.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';

const MAPPING: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Kundennummer' },
  PhoneNumber: { kind: 'column', column: 'Telefon' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'constant', value: 'Office' },
};
const ROWS: SheetRow[] = [
  { row: 1, cells: ['Kundennummer', 'Telefon'] },
  { row: 2, cells: ['10023', '089/6237510'] },
  { row: 3, cells: ['10024', '+44 20 7946 0958'] },
];

function importAs(country: 'DE' | 'US' | 'GE') {
  const mapped = mapRows(ROWS, 0, MAPPING, { phoneFormat: 'e164', defaultCountry: country });
  if (!mapped.ok) throw new Error(mapped.error.message);
  return validateRecords(mapped.value, {
    phoneFormat: 'e164',
    conversion: { defaultCountry: country, phoneColumn: 1 },
  });
}

describe('converting phone numbers never silently changes them', () => {
  it('a German number with country Germany converts cleanly and is ok', () => {
    const [munich, london] = importAs('DE');
    expect(munich?.record.PhoneNumber).toBe('+49896237510');
    expect(munich?.status).toBe('ok');
    expect(london?.record.PhoneNumber).toBe('+442079460958');
    expect(london?.status).toBe('ok');
  });

  // The findings: 089/6237510 became +10896237510 (US) and +995896237510 (Georgia), both marked ok.
  for (const [country, after, name] of [
    ['US', '+10896237510', 'United States (+1)'],
    ['GE', '+995896237510', 'Georgia (+995)'],
  ] as const) {
    it(`with country ${country} it is a warning showing before and after, not ok`, () => {
      const [munich, london] = importAs(country);
      expect(munich?.record.PhoneNumber).toBe(after);
      expect(munich?.status).toBe('warning');
      const p = munich?.problems.find((x) => x.code === 'phone-conversion-doubtful');
      expect(p?.change).toEqual({ before: '089/6237510', after });
      expect(p?.message).toContain('"089/6237510"');
      expect(p?.message).toContain(`"${after}"`);
      expect(p?.message).toContain(name);
      // A number written with its own +44 is read the same whatever the default country.
      expect(london?.status).toBe('ok');
    });
  }

  it('digits that are also a valid number of another country when a + was left off are questioned', () => {
    const p = conversionProblem('4989 6237510', '+4989 6237510'.replace(/\s/g, ''), 'e164', 'DE', 2);
    expect(p).toBeNull(); // unchanged meaning: already the German number
    const q = conversionProblem('442079460958', '+1442079460958', 'e164', 'US', 2);
    expect(q?.severity).toBe('warning');
  });

  it('nothing is judged when the phones are sent as the sheet shows them', () => {
    expect(conversionProblem('089/6237510', '089/6237510', 'as-displayed', 'US', 2)).toBeNull();
  });
});

describe('countries by name', () => {
  it('lists every country by English name with its calling code, A to Z', () => {
    const list = countryChoices();
    expect(list.length).toBeGreaterThan(200);
    expect(list.find((c) => c.code === 'DE')?.label).toBe('Germany (+49)');
    expect(list.find((c) => c.code === 'GE')?.label).toBe('Georgia (+995)');
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(countryLabel('US')).toBe('United States (+1)');
  });
  it('takes the default from the computer’s region', () => {
    expect(regionFromLocales(['de-DE', 'en-US'])).toBe('DE');
    expect(regionFromLocales(['en-GB'])).toBe('GB');
    expect(regionFromLocales(['fr'])).toBe('FR');
    expect(regionFromLocales(['not a tag!'], 'US')).toBe('US');
    expect(regionFromLocales([], 'US')).toBe('US');
  });
});
