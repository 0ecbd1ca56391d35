import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MappingSchema, type Mapping } from '../../shared/domain/job.js';
import { writeFileAtomic } from '../storage/atomic-file.js';

const SettingsFileSchema = z.object({
  version: z.literal(1),
  knownPhoneTypes: z.array(z.string()).default([]),
  templates: z
    .array(
      z.object({
        signature: z.string(),
        headers: z.array(z.string()),
        mapping: MappingSchema,
        savedAt: z.string(),
        phoneFormat: z.enum(['as-displayed', 'e164', 'national']).optional(),
        defaultCountry: z.string().optional(),
      }),
    )
    .default([]),
});
type SettingsFile = z.infer<typeof SettingsFileSchema>;

export const SETTINGS_FILE_NAME = 'import-settings.json';

export interface TemplatePhoneOptions {
  phoneFormat?: 'as-displayed' | 'e164' | 'national' | undefined;
  defaultCountry?: string | undefined;
}
export interface SavedTemplate extends TemplatePhoneOptions {
  mapping: Mapping;
}
const MAX_TEMPLATES = 200;

/**
 * What the import remembers between sessions: the phone types Wasp is known to accept (Wasp has no
 * call that lists them, so the list is learned from answers and editable by the user) and the
 * mappings made for each header layout, so the same sheet maps itself next time.
 */
export class ImportSettingsStore {
  private state: SettingsFile | null = null;
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, SETTINGS_FILE_NAME);
  }

  private async load(): Promise<SettingsFile> {
    if (this.state) return this.state;
    try {
      const parsed = SettingsFileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      // A damaged settings file costs remembered mappings, never a crash: start afresh.
      this.state = parsed.success ? parsed.data : { version: 1, knownPhoneTypes: [], templates: [] };
    } catch {
      this.state = { version: 1, knownPhoneTypes: [], templates: [] };
    }
    return this.state;
  }

  private async save(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.state, null, 2));
  }

  async knownPhoneTypes(): Promise<string[]> {
    return [...(await this.load()).knownPhoneTypes];
  }

  async setKnownPhoneTypes(types: readonly string[]): Promise<string[]> {
    const s = await this.load();
    s.knownPhoneTypes = dedupeTypes(types);
    await this.save();
    return [...s.knownPhoneTypes];
  }

  /** Adds the types Wasp just accepted; a type it rejected is removed (it may have been deleted in Wasp). */
  async learnPhoneTypes(accepted: Iterable<string>, rejected: Iterable<string> = []): Promise<void> {
    const s = await this.load();
    const rejectedKeys = new Set([...rejected].map((t) => t.trim().toLowerCase()));
    const next = dedupeTypes([...s.knownPhoneTypes, ...accepted]).filter((t) => !rejectedKeys.has(t.toLowerCase()));
    if (next.length === s.knownPhoneTypes.length && next.every((t, i) => t === s.knownPhoneTypes[i])) return;
    s.knownPhoneTypes = next;
    await this.save();
  }

  async findTemplate(signature: string): Promise<Mapping | null> {
    return (await this.load()).templates.find((t) => t.signature === signature)?.mapping ?? null;
  }

  /** The saved mapping with the phone conversion it was used with, if any. */
  async findTemplateWithOptions(signature: string): Promise<SavedTemplate | null> {
    const t = (await this.load()).templates.find((x) => x.signature === signature);
    if (t === undefined) return null;
    return {
      mapping: t.mapping,
      ...(t.phoneFormat ? { phoneFormat: t.phoneFormat } : {}),
      ...(t.defaultCountry ? { defaultCountry: t.defaultCountry } : {}),
    };
  }

  async saveTemplate(
    signature: string,
    headers: readonly string[],
    mapping: Mapping,
    options: TemplatePhoneOptions = {},
  ): Promise<void> {
    const s = await this.load();
    const phone =
      options.phoneFormat !== undefined && options.phoneFormat !== 'as-displayed'
        ? {
            phoneFormat: options.phoneFormat,
            ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
          }
        : {};
    s.templates = [
      { signature, headers: [...headers], mapping, savedAt: new Date().toISOString(), ...phone },
      ...s.templates.filter((t) => t.signature !== signature),
    ].slice(0, MAX_TEMPLATES);
    await this.save();
  }
}

function dedupeTypes(types: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const raw of types) {
    const t = raw.trim().replace(/\s+/g, ' ');
    if (t && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
