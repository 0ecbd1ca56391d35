import type { FieldSource, Mapping } from '../../shared/domain/job.js';
import { PHONE_FIELDS, REQUIRED_PHONE_FIELDS, type PhoneField } from '../../shared/domain/phone-record.js';
import { resolveMapping } from '../../shared/records/index.js';
import { columnLetter } from '../../shared/spreadsheet/index.js';
import { usageError } from './exit-codes.js';
import { describeColumns } from './sheet-choice.js';

// FieldSource holds at most 256 characters.
const MAX_SOURCE_CHARS = 256;
const FIELD_NAMES = PHONE_FIELDS.join(', ');

/** Where the columns are, for messages: `sheet "Phones" (header row 3)`. */
export interface ColumnsContext {
  labels: readonly string[];
  where: string;
}

function splitAssignment(flag: '--map' | '--constant', raw: string): { field: PhoneField; value: string } {
  const eq = raw.indexOf('=');
  const shape = flag === '--map' ? 'FIELD=COLUMN' : 'FIELD=VALUE';
  if (eq < 0)
    throw usageError(
      `${flag} ${raw}: expected ${shape}, e.g. ${flag} ${flag === '--map' ? 'PhoneNumber=C' : 'PhoneTypeName=Office'}.`,
    );
  const name = raw.slice(0, eq).trim();
  // Field names are matched without regard to case: "phonenumber" can only mean PhoneNumber.
  const field = PHONE_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase());
  if (field === undefined)
    throw usageError(`${flag} ${raw}: "${name}" is not a field; FIELD is one of ${FIELD_NAMES}.`);
  return { field, value: raw.slice(eq + 1) };
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * COLUMN of `--map FIELD=COLUMN` → the column's label: a header text (any case; a header that
 * appears twice must be given by letter), else a column letter A..ZZ.
 */
function columnFor(field: PhoneField, text: string, ctx: ColumnsContext): string {
  const { labels } = ctx;
  const wanted = fold(text);
  if (wanted === '') throw usageError(`--map ${field}=: give a column header or letter, e.g. --map ${field}=C.`);
  const exact = labels.indexOf(text.trim());
  if (exact >= 0) return labels[exact]!;
  const same = labels.flatMap((l, i) => (fold(l) === wanted ? [i] : []));
  if (same.length === 1) return labels[same[0]!]!;
  // A repeated header is labelled "Phone (D)", "Phone (F)": "Phone" alone is ambiguous.
  const repeated = labels.flatMap((l, i) => (fold(l) === `${wanted} (${columnLetter(i).toLowerCase()})` ? [i] : []));
  if (same.length + repeated.length > 1) {
    const letters = [...same, ...repeated].map((i) => columnLetter(i)).join(', ');
    throw usageError(
      `--map ${field}=${text}: "${text.trim()}" names several columns (${letters}) in ${ctx.where}; give the column letter instead, e.g. --map ${field}=${columnLetter([...same, ...repeated][0]!)}.`,
    );
  }
  if (/^[A-Za-z]{1,2}$/.test(text.trim())) {
    const index = letterIndex(text.trim());
    if (index < labels.length) return labels[index]!;
    throw usageError(
      `--map ${field}=${text}: column ${text.trim().toUpperCase()} is past the last column (${columnLetter(labels.length - 1)}) of ${ctx.where}. Its columns are ${describeColumns(labels)}.`,
    );
  }
  throw usageError(
    `--map ${field}=${text}: no column "${text.trim()}" in ${ctx.where}. Its columns are ${describeColumns(labels)}. Give a header or a column letter.`,
  );
}

/**
 * The mapping a run uses: the base (a --mapping file, a mapping saved in the app for these
 * headers, or the app's auto-match), then each --map and --constant on top of it.
 */
export function applyMappingArgs(
  base: Mapping,
  maps: readonly string[],
  constants: readonly string[],
  ctx: ColumnsContext,
): Mapping {
  const mapping: Mapping = { ...base };
  const given = new Map<PhoneField, string>();
  const claim = (field: PhoneField, flag: string) => {
    const before = given.get(field);
    if (before !== undefined) throw usageError(`${field} is given twice (${before} and ${flag}); give it once.`);
    given.set(field, flag);
  };
  for (const raw of maps) {
    const { field, value } = splitAssignment('--map', raw);
    claim(field, `--map ${raw}`);
    mapping[field] = { kind: 'column', column: columnFor(field, value, ctx) };
  }
  for (const raw of constants) {
    const { field, value } = splitAssignment('--constant', raw);
    claim(field, `--constant ${raw}`);
    if (value.length > MAX_SOURCE_CHARS)
      throw usageError(`--constant ${field}: the value is ${value.length} characters; at most ${MAX_SOURCE_CHARS}.`);
    if (value.trim() === '' && REQUIRED_PHONE_FIELDS.includes(field))
      throw usageError(`--constant ${field}= is empty; ${field} needs a value, e.g. --constant ${field}=Office.`);
    mapping[field] = { kind: 'constant', value };
  }
  return mapping;
}

const unset = (s: FieldSource) => s.kind === 'none' || (s.kind === 'constant' && s.value.trim() === '');

/**
 * Refuses a mapping that leaves a required field without a source, or names a column the header
 * row does not have; the message names the field and the headers found.
 */
export function checkMapping(mapping: Mapping, ctx: ColumnsContext, mappingFile?: string): void {
  const missing = REQUIRED_PHONE_FIELDS.filter((f) => unset(mapping[f]));
  if (missing.length > 0) {
    const fields = missing.join(', ');
    const maps = missing.map((f) => `--map ${f}=COLUMN`).join(' ');
    throw usageError(
      `${fields} could not be matched to a column of ${ctx.where}; the headers found are ${describeColumns(ctx.labels)}. ` +
        `Use ${maps} (a header or a letter)${missing.includes('PhoneTypeName') ? ', --constant PhoneTypeName=VALUE for one type for all rows' : ''}` +
        `${mappingFile !== undefined ? `, fix the mapping file "${mappingFile}"` : ''}, or --header-row N if the column names are on another row.`,
    );
  }
  const resolved = resolveMapping(mapping, ctx.labels);
  if (!resolved.ok) {
    // The shared message names the missing column and lists the headers.
    const from = mappingFile !== undefined ? `The mapping file "${mappingFile}" does not fit ${ctx.where}: ` : '';
    throw usageError(`${from}${resolved.error.message} Or pick them with --map FIELD=COLUMN.`);
  }
}
