import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { countryLabel } from './countries.js';
import { splitExtension, type PhoneFormat } from './normalise.js';
import { quote, type RecordProblem } from './problems.js';
import { TextMap } from '../spreadsheet/string-pool.js';

const HAS_OWN_PREFIX = /^\s*(?:\+|00)/;
const NON_DIGITS = /\D+/g;

/**
 * Whether converting `before` into `after` may have changed which phone it reaches: the result is
 * not a valid number (a German "089/6237510" read as a US number gives "+10896237510"), or the
 * digits written without a country prefix are also a valid number of another country. Such a
 * conversion is a warning showing both values, never silently ok. `null` when the conversion is sound
 * (or nothing was converted).
 */
export function conversionProblem(
  before: string,
  after: string,
  format: PhoneFormat,
  defaultCountry: CountryCode | undefined,
  row: number,
): RecordProblem | null {
  if (format === 'as-displayed' || before.trim() === '' || after === before) return null;
  // Parsing costs ~30 µs a number and Review re-checks every row on each edit: remember verdicts.
  const key = `${format}\u0000${defaultCountry ?? ''}\u0000${before}\u0000${after}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
    verdict = judge(before, after, defaultCountry);
    verdicts.set(key, verdict);
  }
  return verdict === null ? null : { ...verdict, row, change: { before, after } };
}

type Verdict = Omit<RecordProblem, 'row' | 'change'> | null;
// Not a Map: its 250,000 keys, one per converted number, would sit in V8's table of internalized
// strings, which the final pause of every full garbage collection walks (string-pool.ts).
const verdicts = new TextMap<Verdict>();
const MAX_REMEMBERED = 250_000;

function judge(before: string, after: string, defaultCountry: CountryCode | undefined): Verdict {
  const parsed = parsePhoneNumberFromString(after, defaultCountry);
  if (parsed === undefined) return null; // not converted: validation's other rules speak about it
  const ownPrefix = HAS_OWN_PREFIX.test(before);
  const assumed = defaultCountry !== undefined && !ownPrefix ? countryLabel(defaultCountry) : null;
  if (!parsed.isValid()) {
    return {
      field: 'PhoneNumber',
      severity: 'warning',
      code: 'phone-conversion-doubtful',
      message:
        assumed !== null
          ? `Phone number ${quote(before)} became ${quote(after)}, which is not a valid number in ${assumed}.`
          : `Phone number ${quote(before)} became ${quote(after)}, which is not a valid phone number.`,
      fix:
        assumed !== null
          ? 'If the number is from another country, choose that country on the Import screen, or send the numbers as the sheet shows them.'
          : 'Check the number in the sheet; if it is right, send the numbers as the sheet shows them.',
    };
  }
  if (!ownPrefix && defaultCountry !== undefined) {
    const digits = before.replace(NON_DIGITS, '');
    const international = digits.length >= 8 ? parsePhoneNumberFromString(`+${digits}`) : undefined;
    if (
      international?.isValid() === true &&
      international.country !== undefined &&
      international.country !== defaultCountry &&
      international.number !== parsed.number
    ) {
      return {
        field: 'PhoneNumber',
        severity: 'warning',
        code: 'phone-conversion-doubtful',
        message: `Phone number ${quote(before)} became ${quote(after)} (${countryLabel(defaultCountry)}), but it could also be ${quote(international.number)} in ${countryLabel(international.country)}.`,
        fix: 'Check which country the number belongs to; write it with its + prefix in the sheet to be sure.',
      };
    }
  }
  return null;
}

/**
 * The rows whose phone conversion may have changed the number, for callers that convert without a
 * Review screen (the CLI's notes): each with the sheet's value beside the converted one.
 */
export function doubtfulConversions(
  records: readonly { row: number; cells: readonly string[]; record: { PhoneNumber: string } }[],
  phoneColumn: number | null,
  format: PhoneFormat,
  defaultCountry: CountryCode | undefined,
): RecordProblem[] {
  if (format === 'as-displayed' || phoneColumn === null) return [];
  const out: RecordProblem[] = [];
  for (const r of records) {
    const cell = (r.cells[phoneColumn] ?? '').trim();
    const p = conversionProblem(
      splitExtension(cell)?.phone.trim() ?? cell,
      r.record.PhoneNumber,
      format,
      defaultCountry,
      r.row,
    );
    if (p !== null) out.push(p);
  }
  return out;
}
