import type { FieldSource, Mapping } from '../domain/job.js';
import { PHONE_FIELDS, REQUIRED_PHONE_FIELDS, type PhoneField } from '../domain/phone-record.js';
import { FIELD_LABELS } from './problems.js';

export interface ColumnUsedTwice {
  column: string;
  fields: PhoneField[];
}

/** Columns chosen for more than one field ("Cust #" as both customer number and phone). */
export function columnsUsedTwice(mapping: Mapping): ColumnUsedTwice[] {
  const byColumn = new Map<string, PhoneField[]>();
  for (const field of PHONE_FIELDS) {
    const source = mapping[field];
    if (source.kind !== 'column') continue;
    byColumn.set(source.column, [...(byColumn.get(source.column) ?? []), field]);
  }
  return [...byColumn].filter(([, fields]) => fields.length > 1).map(([column, fields]) => ({ column, fields }));
}

function incomplete(source: FieldSource, headers: readonly string[]): boolean {
  return (
    source.kind === 'none' ||
    (source.kind === 'constant' && source.value.trim() === '') ||
    (source.kind === 'column' && !headers.includes(source.column))
  );
}

/** Required fields with no column (or an empty value for every row), checked before Review opens. */
export function missingRequiredFields(mapping: Mapping | null, headers: readonly string[]): PhoneField[] {
  if (mapping === null) return [...REQUIRED_PHONE_FIELDS];
  return REQUIRED_PHONE_FIELDS.filter((f) => incomplete(mapping[f], headers));
}

const joinAnd = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * What keeps a mapping from going to Review, one sentence per mistake, where it is made: a column
 * serving two fields (its values would be sent as both), then the required fields left unmapped.
 */
export function mappingMistakes(mapping: Mapping | null, headers: readonly string[]): string[] {
  const out: string[] = [];
  if (mapping !== null) {
    for (const twice of columnsUsedTwice(mapping)) {
      out.push(
        `The column “${twice.column}” is chosen for both ${joinAnd(twice.fields.map((f) => FIELD_LABELS[f].toLowerCase()))}: choose a different column for ${FIELD_LABELS[twice.fields[1] as PhoneField].toLowerCase()}.`,
      );
    }
  }
  const missing = missingRequiredFields(mapping, headers);
  if (missing.length > 0)
    out.push(`Choose a column (or a value for every row) for: ${missing.map((f) => FIELD_LABELS[f]).join(', ')}.`);
  return out;
}
