import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SourceRecord } from '../../shared/domain/phone-record.js';
import { withVerdicts, type RowVerdict } from '../../shared/records/index.js';
import type { JobDetail, JobRowDetail } from '../jobs/job-service.js';
import { ReportWriteError, writeReportFile } from '../report/job-report.js';
import { usageError } from './exit-codes.js';

/**
 * Refuses a --report path whose folder is missing or read-only before anything is queued, so a
 * scheduled run does not send everything and then fail to leave its report.
 */
export async function checkReportTarget(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if (!(await stat(folder)).isDirectory()) throw new Error('not a folder');
    await access(folder, constants.W_OK);
  } catch {
    throw usageError(
      `--report "${path}": the folder ${folder} does not exist or cannot be written to. Nothing was queued.`,
    );
  }
}

/** The app's export, as .xlsx or .csv by the file's extension. */
export async function writeReport(path: string, detail: Pick<JobDetail, 'headers' | 'rows'>): Promise<void> {
  try {
    await writeReportFile(path, detail);
  } catch (e) {
    if (e instanceof ReportWriteError) throw usageError(e.message);
    throw e;
  }
}

/** Report rows for rows that were not queued (--dry-run): each row with main's verdict. */
export function unsentReportRows(records: readonly SourceRecord[], verdicts: readonly RowVerdict[]): JobRowDetail[] {
  return withVerdicts(records, verdicts);
}
