/**
 * Run by kept-shapes.test.ts in a child Node started with --expose-gc and V8's --trace-opt and
 * --trace-deopt: reads a sheet's rows into a SheetBuilder and judges them as the CLI does, IMPORTS
 * times, with each import's objects let go and a full garbage collection after it, as between two
 * imports of a long-running app. What V8 compiled and threw away is on stdout for the test to read.
 */
import { judgeSheetRows } from '../../shared/records/judge-rows.js';
import { NoteLog, SheetBuilder } from '../../shared/spreadsheet/sheet-builder.js';
import { HEADER_CELLS, MAPPING } from '../unit/import/record-fixtures.js';

const ROWS = Number(process.argv[2] ?? 20_000);
const IMPORTS = Number(process.argv[3] ?? 6);
const TYPES = ['Office', 'Mobile', 'Fax', 'Home'];

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function oneImport(): number {
  const builder = new SheetBuilder('Phones', false, ROWS + 1, new NoteLog());
  builder.add(1, [...HEADER_CELLS], true);
  for (let i = 0; i < ROWS; i++) {
    const cells = new Array<string>(4);
    cells[0] = `C${i}`;
    cells[1] = `(212) 555-${String(i % 10_000).padStart(4, '0')}`;
    cells[2] = i % 10 === 0 ? String(100 + (i % 900)) : '';
    cells[3] = TYPES[i % TYPES.length] as string;
    builder.add(i + 2, cells, true);
  }
  const sheet = builder.build();
  const judged = judgeSheetRows(sheet.rows, 0, HEADER_CELLS, MAPPING, { knownPhoneTypes: TYPES });
  if (!judged.ok) throw new Error(judged.error.message);
  return judged.value.verdicts.length;
}

for (let i = 0; i < IMPORTS; i++) {
  console.log(`import ${i + 1}: ${oneImport()} rows judged`);
  gc();
}
