import { err, type Result } from '../../../shared/domain/app-error.js';
import type { JobSummary, Mapping } from '../../../shared/domain/job.js';
import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import { MAX_JOB_ROWS_PER_PAGE, type JobRowInput, type WaspBridge } from '../../../shared/ipc/contract.js';

export interface NewJobRows {
  name: string;
  site: string;
  mapping: Mapping;
  headers: string[];
  rows: ReadonlyArray<{ row: number; cells: string[]; record: PhoneRecord; excluded?: boolean }>;
  start?: boolean;
}

export interface PagedCreationOptions {
  /** Rows per page (≤ 20,000): small enough that encoding one never blocks the window for long. */
  pageRows?: number;
  /** Awaited between pages so the window stays responsive; a macrotask by default. */
  pause?: () => Promise<void>;
  onProgress?: (sent: number, total: number) => void;
}

/** A page's text is kept well under the contract's 16 MB so a sheet of long cells still fits. */
const MAX_PAGE_CHARS = 8 * 1024 * 1024;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Creates a job by sending its rows in pages (beginJob → addJobRows… → commitJob), so that no
 * single message across the bridge is large and main checks each page in a worker. If anything
 * fails — or the window is closed half way — the draft is abandoned and nothing is queued.
 */
export async function createJobInPages(
  bridge: Pick<WaspBridge, 'beginJob' | 'addJobRows' | 'commitJob' | 'abandonJob'>,
  job: NewJobRows,
  options: PagedCreationOptions = {},
): Promise<Result<JobSummary>> {
  const total = job.rows.length;
  if (total === 0) return err('validation', 'The job has no rows.');
  const pageRows = Math.max(1, Math.min(MAX_JOB_ROWS_PER_PAGE, options.pageRows ?? 5_000));
  const pause = options.pause ?? nextTask;
  const begun = await bridge.beginJob({
    name: job.name,
    site: job.site,
    mapping: job.mapping,
    headers: job.headers,
    total,
    ...(job.start === undefined ? {} : { start: job.start }),
  });
  if (!begun.ok) return begun;
  const { draftId } = begun.value;
  const abandon = () => void bridge.abandonJob({ draftId });
  const onHide = () => abandon();
  // The window closing half way: say so at once (main also drops a draft that stops moving).
  const win = globalThis as {
    addEventListener?: (type: string, fn: () => void) => void;
    removeEventListener?: (type: string, fn: () => void) => void;
  };
  win.addEventListener?.('pagehide', onHide);
  try {
    let part = 0;
    for (let from = 0; from < total;) {
      let size = Math.min(pageRows, total - from);
      let text = encodePage(job.rows, from, size);
      // A page of unusually long cells is halved until it fits.
      while (text.length > MAX_PAGE_CHARS && size > 1) {
        size = Math.ceil(size / 2);
        text = encodePage(job.rows, from, size);
      }
      const added = await bridge.addJobRows({ draftId, part: part++, rows: text });
      if (!added.ok) return added;
      from += size;
      options.onProgress?.(from, total);
      await pause();
    }
    const committed = await bridge.commitJob({ draftId });
    if (!committed.ok) abandon();
    return committed;
  } catch (e) {
    abandon();
    return err('internal', `The job could not be handed over: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    win.removeEventListener?.('pagehide', onHide);
  }
}

/** Only the contract's fields, as plain JSON: nothing else of the renderer's rows crosses. */
function encodePage(rows: NewJobRows['rows'], from: number, size: number): string {
  const page = new Array<JobRowInput>(size);
  for (let k = 0; k < size; k++) {
    const x = rows[from + k]!;
    const r = x.record;
    const input: JobRowInput = {
      row: x.row,
      cells: x.cells,
      record: {
        CustomerNumber: r.CustomerNumber,
        PhoneNumber: r.PhoneNumber,
        PhoneExtension: r.PhoneExtension,
        PhoneTypeName: r.PhoneTypeName,
      },
    };
    if (x.excluded === true) input.excluded = true;
    page[k] = input;
  }
  return JSON.stringify(page);
}
