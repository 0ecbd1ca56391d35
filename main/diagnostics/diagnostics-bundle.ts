import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { JobSummary } from '../../shared/domain/job.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import type { LogRedactor } from '../logging/log-redaction.js';
import { REGISTRY_FILE_NAME } from '../credentials/site-registry.js';
import { SETTINGS_FILE_NAME } from '../settings/import-settings-store.js';

export interface AboutThisInstall {
  product: string;
  version: string;
  /** process.versions: node, electron, chrome, v8 … whatever the runtime has. */
  runtime: Readonly<Record<string, string | undefined>>;
  os: { platform: string; release: string; arch: string };
  locale?: string;
}

export interface DiagnosticsRequest {
  dataDir: string;
  /** Where the person chose to save the .zip. */
  target: string;
  about: AboutThisInstall;
  jobs: readonly JobSummary[];
  /** Row contents are customer data: only with the person's explicit tick. */
  includeRows: boolean;
  rowsOf?: (jobId: string) => Promise<unknown>;
  /** Knows the tokens this process has seen; run over every file as a last guard. */
  redactor: LogRedactor;
}

export interface DiagnosticsResult {
  path: string;
  files: string[];
  bytes: number;
}

const MAX_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Help → Save diagnostics…: what support needs to understand a problem, in one file a person can
 * attach to an email. Logs (already redacted when written), versions, settings (the data folder
 * holds no secrets by design), job summaries, and row contents only when ticked. Every text goes
 * through the token redactor once more, so a token can only reach the bundle if it was never
 * registered with the redactor.
 */
export async function writeDiagnosticsBundle(request: DiagnosticsRequest): Promise<DiagnosticsResult> {
  const text = (s: string) => strToU8(request.redactor.redact(s));
  const files: Zippable = {};

  files['about.json'] = text(JSON.stringify({ ...request.about, savedAt: new Date().toISOString() }, null, 2));
  files['jobs.json'] = text(JSON.stringify(request.jobs, null, 2));

  for (const name of [REGISTRY_FILE_NAME, SETTINGS_FILE_NAME]) {
    const content = await readFile(join(request.dataDir, name), 'utf8').catch(() => null);
    if (content !== null) files[`settings/${name}`] = text(content);
  }

  const logDir = join(request.dataDir, 'logs');
  let logBytes = 0;
  for (const name of (await readdir(logDir).catch(() => [] as string[])).sort()) {
    const content = await readFile(join(logDir, name), 'utf8').catch(() => null);
    if (content === null || logBytes + content.length > MAX_LOG_BYTES) continue;
    logBytes += content.length;
    files[`logs/${name}`] = text(content);
  }

  if (request.includeRows && request.rowsOf) {
    for (const job of request.jobs) {
      const rows = await request.rowsOf(job.id).catch(() => null);
      // Rows are what the person asked to include: phone numbers stay, tokens still go.
      if (rows !== null) files[`rows/${job.id}.json`] = strToU8(request.redactor.redactSecrets(JSON.stringify(rows)));
    }
  }

  const zip = zipSync(files, { level: 6 });
  await writeFileAtomic(request.target, zip, 0o600);
  return { path: request.target, files: Object.keys(files).sort(), bytes: zip.byteLength };
}
