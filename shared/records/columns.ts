import { err, ok, type Result } from '../domain/app-error.js';
import type { Mapping } from '../domain/job.js';
import { PHONE_FIELDS, type PhoneField } from '../domain/phone-record.js';
import { columnLetter } from '../spreadsheet/sheet-builder.js';
import { normaliseHeader } from './header-names.js';

// FieldSource.column holds at most 256 characters.
const MAX_LABEL_CHARS = 200;

/**
 * One label per column, as the mapping refers to columns: the header text tidied; a blank header
 * becomes "Column F"; a repeated header gets its column letter ("Phone (D)") so every label is unique.
 */
export function columnLabels(headerCells: readonly string[], width = headerCells.length): string[] {
  const texts: string[] = [];
  for (let c = 0; c < Math.max(width, headerCells.length); c++) {
    const text = (headerCells[c] ?? '').trim().replace(/\s+/g, ' ');
    texts.push(text.length > MAX_LABEL_CHARS ? text.slice(0, MAX_LABEL_CHARS) : text);
  }
  const seen = new Map<string, number>();
  for (const t of texts) if (t !== '') seen.set(t, (seen.get(t) ?? 0) + 1);
  return texts.map((t, c) =>
    t === '' ? `Column ${columnLetter(c)}` : (seen.get(t) ?? 0) > 1 ? `${t} (${columnLetter(c)})` : t,
  );
}

export type ResolvedSource = { kind: 'column'; index: number } | { kind: 'constant'; value: string } | { kind: 'none' };
export type ResolvedMapping = Record<PhoneField, ResolvedSource>;

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Finds a mapped column by its label, then by a same-meaning header ("Phone #" ≈ "Phone No"), then as "Column C". */
function findColumn(column: string, labels: readonly string[]): number {
  const exact = labels.indexOf(column);
  if (exact >= 0) return exact;
  const norm = normaliseHeader(column);
  if (norm !== '') {
    const same = labels.flatMap((l, i) => (normaliseHeader(l) === norm ? [i] : []));
    if (same.length === 1) return same[0] as number;
  }
  const letters = /^(?:column\s+)?([A-Z]{1,3})$/i.exec(column.trim());
  if (
    letters?.[1] !== undefined &&
    (letters[0].toLowerCase().startsWith('column') || column === column.toUpperCase())
  ) {
    return letterIndex(letters[1]);
  }
  return -1;
}

/** Ties each field of a mapping to a column of this header row; a missing column is an error naming it. */
export function resolveMapping(mapping: Mapping, labels: readonly string[]): Result<ResolvedMapping> {
  const resolved = {} as ResolvedMapping;
  const missing: string[] = [];
  for (const field of PHONE_FIELDS) {
    const source = mapping[field];
    if (source.kind !== 'column') {
      resolved[field] = source;
      continue;
    }
    const index = findColumn(source.column, labels);
    if (index < 0) missing.push(`"${source.column}" (for ${field})`);
    resolved[field] = { kind: 'column', index };
  }
  if (missing.length > 0) {
    const shown = labels.slice(0, 12).join(', ') + (labels.length > 12 ? ', …' : '');
    return err(
      'validation',
      `The header row has no column ${missing.join(' or ')}: its columns are ${shown}. Choose the columns again.`,
    );
  }
  return ok(resolved);
}
