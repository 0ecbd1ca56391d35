import { describe, expect, it } from 'vitest';
import { autoMatchColumns } from '../../../shared/records/column-match.js';
import { detectHeaderRow } from '../../../shared/records/header-detection.js';
import type { SheetRow } from '../../../shared/spreadsheet/workbook.js';

// Header rows as offices in each country write them (taken from customer lists, ERP exports and
// phone-directory templates), with a company-name column the matcher must leave alone.
const ROWS: Array<
  [
    language: string,
    headers: string[],
    expected: [customer: string, phone: string, extension: string | null, type: string | null],
  ]
> = [
  ['German', ['Kundennummer', 'Firma', 'Telefon', 'Durchwahl', 'Typ'], ['Kundennummer', 'Telefon', 'Durchwahl', 'Typ']],
  [
    'German (abbreviated)',
    ['Kd.-Nr.', 'Name', 'Telefonnummer', 'DW', 'Telefonart'],
    ['Kd.-Nr.', 'Telefonnummer', 'DW', 'Telefonart'],
  ],
  [
    'German (Rufnummer)',
    ['Kundennr.', 'Ansprechpartner', 'Rufnummer', 'Nebenstelle', 'Art'],
    ['Kundennr.', 'Rufnummer', 'Nebenstelle', 'Art'],
  ],
  [
    'French',
    ['N° client', 'Raison sociale', 'Téléphone', 'Poste', 'Type de téléphone'],
    ['N° client', 'Téléphone', 'Poste', 'Type de téléphone'],
  ],
  [
    'French (long)',
    ['Numéro de client', 'Nom', 'Tél.', 'Poste', 'Type'],
    ['Numéro de client', 'Tél.', 'Poste', 'Type'],
  ],
  [
    'Spanish',
    ['Nº de cliente', 'Nombre', 'Teléfono', 'Extensión', 'Tipo de teléfono'],
    ['Nº de cliente', 'Teléfono', 'Extensión', 'Tipo de teléfono'],
  ],
  [
    'Spanish (código)',
    ['Código cliente', 'Razón social', 'Tel.', 'Ext.', 'Tipo'],
    ['Código cliente', 'Tel.', 'Ext.', 'Tipo'],
  ],
  [
    'Italian',
    ['Codice cliente', 'Ragione sociale', 'Telefono', 'Interno', 'Tipo telefono'],
    ['Codice cliente', 'Telefono', 'Interno', 'Tipo telefono'],
  ],
  [
    'Dutch',
    ['Klantnummer', 'Bedrijfsnaam', 'Telefoonnummer', 'Toestel', 'Soort telefoon'],
    ['Klantnummer', 'Telefoonnummer', 'Toestel', 'Soort telefoon'],
  ],
  [
    'Dutch (abbreviated)',
    ['Klantnr', 'Naam', 'Telefoon', 'Doorkiesnummer', 'Soort'],
    ['Klantnr', 'Telefoon', 'Doorkiesnummer', 'Soort'],
  ],
  [
    'Portuguese',
    ['Número do cliente', 'Nome', 'Telefone', 'Ramal', 'Tipo de telefone'],
    ['Número do cliente', 'Telefone', 'Ramal', 'Tipo de telefone'],
  ],
  [
    'Portuguese (código)',
    ['Código do cliente', 'Empresa', 'Telefone', 'Extensão', 'Tipo'],
    ['Código do cliente', 'Telefone', 'Extensão', 'Tipo'],
  ],
];

describe('header words in the languages offices use', () => {
  for (const [language, headers, [customer, phone, extension, type]] of ROWS) {
    it(`matches a ${language} header row`, () => {
      const m = autoMatchColumns(headers);
      const label = (c: number | null) => (c === null ? null : headers[c]);
      expect(label(m.columns.CustomerNumber)).toBe(customer);
      expect(label(m.columns.PhoneNumber)).toBe(phone);
      expect(label(m.columns.PhoneExtension)).toBe(extension);
      expect(label(m.columns.PhoneTypeName)).toBe(type);
    });
  }

  it('finds a German, a French and a Spanish header below title rows, as the CLI does without --map', () => {
    for (const [, headers] of ROWS.filter(([l]) => l === 'German' || l === 'French' || l === 'Spanish')) {
      const rows: SheetRow[] = [
        { row: 1, cells: ['Export 30.11.2026'] },
        { row: 2, cells: [] },
        { row: 3, cells: headers },
        { row: 4, cells: ['10023', 'Müller GmbH', '089/6237510', '12', 'Büro'] },
      ];
      const guess = detectHeaderRow(rows, 5);
      expect(guess.found).toBe(true);
      expect(guess.index).toBe(2);
      expect(Object.values(guess.match.columns).filter((c) => c !== null)).toHaveLength(4);
    }
  });

  it('still leaves other columns of those languages alone', () => {
    const m = autoMatchColumns(['Kundennummer', 'Kundenname', 'E-Mail', 'Telefon', 'Fax-Typ']);
    expect(m.columns.CustomerNumber).toBe(0);
    expect(m.columns.PhoneNumber).toBe(3);
  });
});
