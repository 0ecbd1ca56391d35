import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCli, lastJson, runCli } from '../../support/cli-runner.js';
import { readReport, tempDir, writeSheet } from '../../support/cli-fixtures.js';
import type { JsonSummary } from '../../../main/cli/json-summary.js';

// The CLI gets the shared matcher's header words: German, French and Spanish sheets import without --map.
const SHEETS: Array<[string, string[]]> = [
  ['German', ['Kundennummer', 'Firma', 'Telefon', 'Durchwahl', 'Typ']],
  ['French', ['N° client', 'Raison sociale', 'Téléphone', 'Poste', 'Type de téléphone']],
  ['Spanish', ['Nº de cliente', 'Nombre', 'Teléfono', 'Extensión', 'Tipo de teléfono']],
];

let root: string;
beforeAll(async () => {
  await buildCli();
  root = await tempDir();
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('wasp-phones import matches header rows in other languages by itself', () => {
  for (const [language, headers] of SHEETS) {
    it(`a ${language} sheet, dry run, no --map`, async () => {
      const file = await writeSheet(root, `${language}.xlsx`, {
        Kunden: [
          headers,
          ['10023', 'Müller GmbH', '+49 89 6237510', '12', 'Office'],
          ['10024', 'Schmidt KG', '+49 30 2345678', '', 'Mobile'],
        ],
      });
      const report = join(root, `${language}-report.csv`);
      const r = await runCli(
        ['import', file, '--dry-run', '--json', '--report', report, '--data-dir', join(root, `data-${language}`)],
        { WASP_TOKEN: 'unused' },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(lastJson<JsonSummary>(r.stdout)).toMatchObject({ total: 2, pending: 2, invalid: 0 });
      const { rows } = readReport((await readFile(report, 'utf8')).replace(/^\uFEFF/, ''));
      expect(rows[0]?.slice(1, 6)).toEqual(headers);
    });
  }
});

describe('wasp-phones never converts a number silently into another', () => {
  it('a --mapping file converting with the wrong country says which rows to check, before and after', async () => {
    const { makeMappingFile, serialiseMappingFile } = await import('../../../shared/records/templates.js');
    const { writeFile } = await import('node:fs/promises');
    const file = await writeSheet(root, 'Kunden.xlsx', {
      Kunden: [
        ['Kundennummer', 'Telefon', 'Typ'],
        ['10023', '089/6237510', 'Office'],
        ['10024', '+49 30 2345678', 'Mobile'],
      ],
    });
    const mappingPath = join(root, 'us.json');
    const mapping = {
      CustomerNumber: { kind: 'column' as const, column: 'Kundennummer' },
      PhoneNumber: { kind: 'column' as const, column: 'Telefon' },
      PhoneExtension: { kind: 'none' as const },
      PhoneTypeName: { kind: 'column' as const, column: 'Typ' },
    };
    await writeFile(
      mappingPath,
      serialiseMappingFile(
        makeMappingFile(['Kundennummer', 'Telefon', 'Typ'], mapping, { phoneFormat: 'e164', defaultCountry: 'US' }),
      ),
    );
    const r = await runCli(
      ['import', file, '--dry-run', '--mapping', mappingPath, '--data-dir', join(root, 'data-us')],
      { WASP_TOKEN: 'unused' },
    );
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain(
      'row 2: check: Phone number "089/6237510" became "+10896237510", which is not a valid number in United States (+1).',
    );
    expect(out).not.toContain('row 3: check');
  });
});
