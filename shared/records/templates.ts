import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { err, ok, type Result } from '../domain/app-error.js';
import { MappingSchema, type Mapping } from '../domain/job.js';
import { normaliseHeader } from './header-names.js';
import { PHONE_FORMATS, type NormaliseOptions } from './normalise.js';

export const MAPPING_FILE_VERSION = 1;

/**
 * A saved mapping as a file the app exports and the CLI accepts:
 * `{"version":1, "headers":[…], "mapping":{…}}` plus optional phone formatting. `headers` are the
 * header labels it was made for; a sheet whose headers have the same signature gets it offered again.
 */
export const MappingFileSchema = z.strictObject({
  version: z.literal(MAPPING_FILE_VERSION),
  name: z.string().max(120).optional(),
  headers: z.array(z.string().max(1_024)).max(1_000).optional(),
  mapping: MappingSchema,
  phoneFormat: z.enum(PHONE_FORMATS).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
    .refine((c) => isSupportedCountry(c), 'is not a country code the phone formatter knows')
    .optional(),
});
export type MappingFile = z.infer<typeof MappingFileSchema>;

// "Column F" is what a blank header is called; the signature treats it as blank whatever the sheet's width.
const PLACEHOLDER = /^Column [A-Z]{1,3}$/;

/** Headers folded so that "Cust #" and "Cust No" or extra spaces do not make a different sheet layout. */
export function headerSignature(headers: readonly string[]): string {
  const parts = headers.map((h) => (PLACEHOLDER.test(h) ? '' : normaliseHeader(h)));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('|');
}

/** The saved template made for headers with the same signature, if any (the first one saved wins). */
export function findTemplate<T extends { headers?: readonly string[] | undefined }>(
  templates: readonly T[],
  headers: readonly string[],
): T | null {
  const signature = headerSignature(headers);
  if (signature === '') return null;
  return templates.find((t) => t.headers !== undefined && headerSignature(t.headers) === signature) ?? null;
}

export function makeMappingFile(
  headers: readonly string[],
  mapping: Mapping,
  options: NormaliseOptions & { name?: string } = {},
): MappingFile {
  const t: MappingFile = { version: MAPPING_FILE_VERSION, headers: [...headers], mapping };
  if (options.name !== undefined) t.name = options.name;
  if (options.phoneFormat !== undefined && options.phoneFormat !== 'as-displayed') t.phoneFormat = options.phoneFormat;
  if (options.defaultCountry !== undefined) t.defaultCountry = options.defaultCountry;
  return t;
}

export function serialiseMappingFile(template: MappingFile): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** The formatting options a template carries, ready for mapRows/judgeSheetRows. */
export function mappingFileOptions(template: MappingFile): NormaliseOptions {
  const o: NormaliseOptions = {};
  if (template.phoneFormat !== undefined) o.phoneFormat = template.phoneFormat;
  if (template.defaultCountry !== undefined) o.defaultCountry = template.defaultCountry;
  return o;
}

/** Reads a mapping file; every refusal says what is wrong in one line. */
export function parseMappingFile(text: string, source = 'The mapping file'): Result<MappingFile> {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return err('validation', `${source} is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > MAPPING_FILE_VERSION) {
    return err(
      'validation',
      `${source} was made by a newer version of the app (format ${version}); update this one to use it.`,
    );
  }
  const parsed = MappingFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'its top level';
    return err('validation', `${source} is not a phone-importer mapping: ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  return ok(parsed.data);
}
