import type { FieldSource, Mapping } from '../domain/job.js';
import { PHONE_FIELDS, type PhoneField } from '../domain/phone-record.js';
import { editDistance } from './edit-distance.js';
import { FIELD_SYNONYMS, normaliseHeader } from './header-names.js';

/** Below this a header is not taken for a field: "Number" alone or "Kind" alone are too vague. */
export const MIN_MATCH_SCORE = 0.5;
const TYPO_FACTOR = 0.85;
const CONTAINS_FACTOR = 0.75;
const MAX_HEADER_CHARS = 60;

// A single generic word ("type", "customer") inside a longer header says little ("Customer Type"
// is not a phone type), so only these single words count when embedded in a longer header.
const SPECIFIC_WORDS: ReadonlySet<string> = new Set(['phone', 'extension', 'account']);
// Headers with these words describe something else even when they mention a field.
const OTHER_DATA_WORDS: ReadonlySet<string> = new Set([
  'name',
  'email',
  'mail',
  'address',
  'street',
  'city',
  'zip',
  'postal',
  'postcode',
  'state',
  'country',
  'date',
  'note',
  'notes',
  'comment',
  'comments',
  'description',
  'status',
  'balance',
  'amount',
]);

function scoreNormalised(norm: string, field: PhoneField): number {
  if (norm === '' || norm.length > MAX_HEADER_CHARS) return 0;
  const padded = ` ${norm} `;
  let otherData: boolean | undefined;
  let best = 0;
  for (const syn of FIELD_SYNONYMS[field]) {
    if (syn.weight <= best) continue;
    if (norm === syn.words) {
      best = syn.weight;
      continue;
    }
    const allowed = syn.words.length >= 8 ? 2 : syn.words.length >= 4 ? 1 : 0;
    if (allowed > 0 && syn.weight * TYPO_FACTOR > best && editDistance(norm, syn.words, allowed) <= allowed) {
      best = syn.weight * TYPO_FACTOR;
      continue;
    }
    if (
      syn.weight * CONTAINS_FACTOR > best &&
      (syn.words.includes(' ') || SPECIFIC_WORDS.has(syn.words)) &&
      padded.includes(` ${syn.words} `)
    ) {
      otherData ??= norm.split(' ').some((w) => OTHER_DATA_WORDS.has(w));
      if (!otherData) best = syn.weight * CONTAINS_FACTOR;
    }
  }
  return best;
}

/** How well a header names a field, 0 (not at all) to 1 (exactly). */
export function scoreHeader(header: string, field: PhoneField): number {
  return scoreNormalised(normaliseHeader(header), field);
}

export interface ColumnMatch {
  mapping: Mapping;
  /** Column index per field, or null when nothing matched well enough. */
  columns: Record<PhoneField, number | null>;
  /** Score of each field's match (0 when unmatched); their sum ranks candidate header rows. */
  scores: Record<PhoneField, number>;
}

/**
 * Matches the header labels to Wasp's fields: every (field, column) pair is scored, then the best
 * pairs are taken first so that each column serves one field ("Phone Type" goes to the type even
 * though it also mentions "phone"); ties go to the leftmost column.
 */
export function autoMatchColumns(labels: readonly string[]): ColumnMatch {
  const pairs: { field: PhoneField; column: number; score: number }[] = [];
  labels.forEach((label, column) => {
    const norm = normaliseHeader(label);
    if (norm === '' || !/[a-z]/.test(norm)) return;
    for (const field of PHONE_FIELDS) {
      const score = scoreNormalised(norm, field);
      if (score >= MIN_MATCH_SCORE) pairs.push({ field, column, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.column - b.column);

  const columns = Object.fromEntries(PHONE_FIELDS.map((f) => [f, null])) as Record<PhoneField, number | null>;
  const scores = Object.fromEntries(PHONE_FIELDS.map((f) => [f, 0])) as Record<PhoneField, number>;
  const used = new Set<number>();
  for (const p of pairs) {
    if (columns[p.field] !== null || used.has(p.column)) continue;
    columns[p.field] = p.column;
    scores[p.field] = p.score;
    used.add(p.column);
  }
  const mapping = Object.fromEntries(
    PHONE_FIELDS.map((f): [PhoneField, FieldSource] => {
      const c = columns[f];
      return [f, c === null ? { kind: 'none' } : { kind: 'column', column: labels[c] as string }];
    }),
  ) as Mapping;
  return { mapping, columns, scores };
}
