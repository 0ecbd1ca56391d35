import { release } from 'node:os';
import type { JobService } from '../jobs/job-service.js';
import type { LogRedactor } from '../logging/log-redaction.js';
import type { Logger } from '../logging/logger.js';
import type { SaveDialogRequest } from '../dialogs.js';
import { PRODUCT_NAME } from '../app-paths.js';
import { writeDiagnosticsBundle, type AboutThisInstall } from './diagnostics-bundle.js';

/** The OS side of Help → Save diagnostics…: Electron's dialogs and shell in the app, scripts in tests. */
export interface DiagnosticsPorts {
  /** Explains what is collected; null when the person cancels, else whether they ticked "include rows". */
  confirm(): Promise<{ includeRows: boolean } | null>;
  chooseSavePath(request: SaveDialogRequest): Promise<string | null>;
  /** Shows the saved file (Show in folder). */
  reveal(path: string): void;
}

export interface SaveDiagnosticsDeps {
  dataDir: string;
  version: string;
  jobs: Pick<JobService, 'listJobs' | 'getJob'>;
  redactor: LogRedactor;
  log: Logger;
  ports: DiagnosticsPorts;
  now?: () => Date;
}

export type SaveDiagnosticsOutcome = { saved: string; files: string[] } | { cancelled: true } | { failed: string };

export function aboutThisInstall(version: string): AboutThisInstall {
  return {
    product: PRODUCT_NAME,
    version,
    runtime: { ...process.versions },
    os: { platform: process.platform, release: release(), arch: process.arch },
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
  };
}

export async function saveDiagnostics(deps: SaveDiagnosticsDeps): Promise<SaveDiagnosticsOutcome> {
  const choice = await deps.ports.confirm();
  if (choice === null) return { cancelled: true };
  const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const target = await deps.ports.chooseSavePath({
    title: 'Save diagnostics',
    defaultName: `wasp-phone-importer-diagnostics-${day}.zip`,
    filters: [{ name: 'Zip archive', extensions: ['zip'] }],
  });
  if (target === null) return { cancelled: true };
  try {
    const result = await writeDiagnosticsBundle({
      dataDir: deps.dataDir,
      target,
      about: aboutThisInstall(deps.version),
      jobs: deps.jobs.listJobs(),
      includeRows: choice.includeRows,
      rowsOf: async (id) => {
        const detail = await deps.jobs.getJob(id);
        return detail.ok ? detail.value.rows : null;
      },
      redactor: deps.redactor,
    });
    deps.log.info('diagnostics saved', {
      files: result.files.length,
      bytes: result.bytes,
      includeRows: choice.includeRows,
    });
    deps.ports.reveal(result.path);
    return { saved: result.path, files: result.files };
  } catch (e) {
    deps.log.error('saving diagnostics failed', e);
    const code = (e as NodeJS.ErrnoException).code;
    return {
      failed: `The diagnostics file could not be saved to ${target}${code ? ` (${code})` : ''}. Choose another folder and try again.`,
    };
  }
}
