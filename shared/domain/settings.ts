import { z } from 'zod';
import { MappingSchema } from './job.js';

/**
 * What the app remembers between sheets: the phone types Wasp knows, the mapping saved for a sheet
 * layout (with how its phones are converted), and how it sends.
 */

export const ImportSettingsSchema = z.object({
  knownPhoneTypes: z.array(z.string().max(256)).max(1_000),
});
export type ImportSettings = z.infer<typeof ImportSettingsSchema>;

/** How phones are converted, saved with a mapping (it belongs to that sheet layout, not to the next file). */
const PhoneOptionsShape = {
  phoneFormat: z.enum(['as-displayed', 'e164', 'national']).optional(),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
};

export const MappingTemplateSchema = z.strictObject({
  headers: z.array(z.string().max(1_024)).max(1_000),
  mapping: MappingSchema,
  ...PhoneOptionsShape,
});

/** How the app sends: at most this many calls in flight (1–4; it starts with one and adds more only while Wasp answers fast). */
export const SendSettingsSchema = z.strictObject({ maxParallel: z.number().int().min(1).max(4) });
export type SendSettingsView = z.infer<typeof SendSettingsSchema>;
export const SavedMappingSchema = z.object({ mapping: MappingSchema, ...PhoneOptionsShape });
export type SavedMappingView = z.infer<typeof SavedMappingSchema>;
