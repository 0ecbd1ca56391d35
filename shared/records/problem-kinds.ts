import type { ProblemCode } from './problems.js';

/** A short name for each kind of problem, for grouping rows ("Exclude all 3 rows with …"). */
export const PROBLEM_KIND_LABELS: Readonly<Record<ProblemCode, string>> = {
  required: 'A required value is empty',
  'too-long': 'A value is too long for Wasp',
  'phone-no-digits': 'Phone number has no digits',
  'phone-letters': 'Phone number contains letters',
  'phone-too-short': 'Phone number looks too short',
  'phone-too-long': 'Phone number looks too long',
  'phone-not-international': 'Phone number could not be made international',
  'phone-conversion-doubtful': 'Converted phone number may be wrong',
  'extension-not-digits': 'Extension has characters other than digits',
  'extension-twice': 'Extension given twice',
  'unknown-phone-type': 'Phone type not known to Wasp',
  duplicate: 'Same as an earlier row',
  'may-overwrite': 'Same customer and type with another number',
  'control-characters': 'A value holds an invisible control character',
  'phone-formula': 'Phone number starts like a formula',
};
