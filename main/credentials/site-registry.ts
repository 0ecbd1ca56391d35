import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { CONNECTION_RESULTS } from '../../shared/domain/connection.js';

/** How the last "Test connection" (or a send) ended for a site, in the words the UI explains. */
export const VERIFICATION_RESULTS = CONNECTION_RESULTS;
export const VerificationResultSchema = z.enum(VERIFICATION_RESULTS);
export type VerificationResult = z.infer<typeof VerificationResultSchema>;

/**
 * One kept site. Deliberately no token field: the token lives in the keychain only, and zod strips
 * unknown keys on load, so even a hand-edited "token" in the file is dropped at the next write.
 * `tokenSavedAt` says a token was saved through the app, which lets the list answer `hasToken`
 * without reading secrets and lets the sender tell "never saved" from "keychain lost or locked".
 */
export const SiteRecordSchema = z.object({
  site: z.string().min(1).max(2_048),
  label: z.string().max(200).optional(),
  lastVerifiedAt: z.string().nullable(),
  lastResult: VerificationResultSchema.nullable(),
  lastMessage: z.string().max(2_000).optional(),
  tokenSavedAt: z.string().nullable().default(null),
});
export type SiteRecord = z.infer<typeof SiteRecordSchema>;

export const RegistryStateSchema = z.object({
  version: z.literal(1),
  defaultSite: z.string().nullable(),
  sites: z.array(SiteRecordSchema).max(1_000),
});
export type RegistryState = z.infer<typeof RegistryStateSchema>;

export const REGISTRY_FILE_NAME = 'connections.json';

const emptyState = (): RegistryState => ({ version: 1, defaultSite: null, sites: [] });

export interface SiteRegistryOptions {
  fileName?: string;
  /** Told when an unreadable file was set aside (the path it was moved to), so main can log it. */
  onCorrupt?: (movedTo: string, reason: string) => void;
}

/**
 * The sites the user keeps, as JSON in the data folder. Every change re-reads the file first, so the
 * app and a CLI run sharing the folder do not drop each other's sites, and is written atomically.
 * Changes within this process are queued one after another for the same reason.
 */
export class SiteRegistry {
  readonly path: string;
  private readonly dataDir: string;
  private readonly onCorrupt: SiteRegistryOptions['onCorrupt'];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: SiteRegistryOptions = {}) {
    this.dataDir = dataDir;
    this.path = join(dataDir, options.fileName ?? REGISTRY_FILE_NAME);
    this.onCorrupt = options.onCorrupt;
  }

  read(): Promise<RegistryState> {
    return this.enqueue(() => this.load());
  }

  /** Applies `change` to a fresh copy of the state and saves it; resolves to what `change` returned. */
  update<T>(change: (state: RegistryState) => T): Promise<T> {
    return this.enqueue(async () => {
      const state = await this.load();
      const result = change(state);
      await this.save(state);
      return result;
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<RegistryState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw error;
    }
    let reason: string;
    try {
      const parsed = RegistryStateSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      reason = parsed.error.issues[0]?.message ?? 'unexpected content';
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    // Losing the site list is recoverable (tokens stay in the keychain, sites can be re-added);
    // refusing to start is not. Keep the bad file beside it for whoever wants to look.
    const movedTo = `${this.path}.corrupt-${Date.now()}`;
    await rename(this.path, movedTo);
    this.onCorrupt?.(movedTo, reason);
    return emptyState();
  }

  private async save(state: RegistryState): Promise<void> {
    const clean = RegistryStateSchema.parse(state);
    await mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify(clean, null, 2)}\n`);
  }
}
