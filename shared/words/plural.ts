/**
 * "1 row", "2 rows", "1,234 records": a count with its noun in the right number. English only (the
 * app's language); irregular plurals are passed in ("1 entry" / "2 entries").
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** Only the noun, for sentences that place the number elsewhere ("rows will not be sent"). */
export function noun(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** "is" / "are" to go with a count. */
export function verbBe(count: number): 'is' | 'are' {
  return count === 1 ? 'is' : 'are';
}
