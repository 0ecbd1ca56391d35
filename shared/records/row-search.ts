import type { PhoneRecord } from '../domain/phone-record.js';

const NON_DIGITS = /\D+/g;

/**
 * "Search by customer or phone": a row matches when its customer number contains the text, or its
 * phone number does — compared as digits when the text has digits, so "6237510" finds "089/623 7510".
 * Returns null for an empty search (everything matches).
 */
export function rowSearch(text: string): ((record: PhoneRecord) => boolean) | null {
  const needle = text.trim().toLowerCase();
  if (needle === '') return null;
  const digits = needle.replace(NON_DIGITS, '');
  return (r) =>
    r.CustomerNumber.toLowerCase().includes(needle) ||
    r.PhoneNumber.toLowerCase().includes(needle) ||
    (digits.length >= 3 && r.PhoneNumber.replace(NON_DIGITS, '').includes(digits));
}
