import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_PARALLEL } from '../sending/types.js';
import { writeFileAtomic } from '../storage/atomic-file.js';

export const SEND_SETTINGS_FILE_NAME = 'send-settings.json';

export const SendSettingsSchema = z.object({
  /** Most Wasp calls in flight (the adaptive limit's ceiling); 1 sends strictly one call at a time. */
  maxParallel: z.number().int().min(1).max(MAX_PARALLEL),
});
export type SendSettings = z.infer<typeof SendSettingsSchema>;

const FileSchema = z.object({ version: z.literal(1), maxParallel: SendSettingsSchema.shape.maxParallel });

/** How the app sends, remembered between sessions (send-settings.json in the data folder). */
export class SendSettingsStore {
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, SEND_SETTINGS_FILE_NAME);
  }

  /** The saved settings, or the defaults when none were saved or the file is damaged. */
  async get(): Promise<SendSettings> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) return { maxParallel: parsed.data.maxParallel };
    } catch {
      // Missing or unreadable: the defaults.
    }
    return { maxParallel: MAX_PARALLEL };
  }

  async set(settings: SendSettings): Promise<SendSettings> {
    await mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, maxParallel: settings.maxParallel }, null, 2));
    return { maxParallel: settings.maxParallel };
  }
}
