import { z } from 'zod';

/** The four fields a user maps from a sheet; FormId and CustomerNo are added by the API client. */
export const PHONE_FIELDS = ['CustomerNumber', 'PhoneNumber', 'PhoneExtension', 'PhoneTypeName'] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];
export const REQUIRED_PHONE_FIELDS: readonly PhoneField[] = ['CustomerNumber', 'PhoneNumber', 'PhoneTypeName'];

// Limits are generous but finite so that a hostile or broken payload cannot balloon memory in main.
const field = z.string().max(256);

export const PhoneRecordSchema = z.object({
  CustomerNumber: field,
  PhoneNumber: field,
  PhoneExtension: field,
  PhoneTypeName: field,
});
/** One record as it will be sent to Wasp (after mapping and normalisation). */
export type PhoneRecord = z.infer<typeof PhoneRecordSchema>;

/**
 * A record tied to where it came from: `row` is the 1-based sheet row number the user sees in Excel,
 * `cells` the original cell texts of that row (kept for the report, which repeats them verbatim).
 */
export const SourceRecordSchema = z.object({
  row: z.number().int().min(1).max(10_000_000),
  cells: z.array(z.string().max(32_768)).max(1_000),
  record: PhoneRecordSchema,
});
export type SourceRecord = z.infer<typeof SourceRecordSchema>;
