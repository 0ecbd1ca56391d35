import { err, type Result } from '../../../shared/domain/app-error.js';
import type { JobSummary, Mapping } from '../../../shared/domain/job.js';
import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import { MAX_JOB_ROWS_PER_PAGE, type JobRowInput, type WaspBridge } from '../../../shared/ipc/contract.js';

export interface JobRowSource {
  row: number;
  cells: string[];
  record: PhoneRecord;
  excluded?: boolean;
}

export interface NewJobRows {
  name: string;
  site: string;
  mapping: Mapping;
  headers: string[];
  /** The rows by index: an array, or the draft's rows, which build each row when asked (draft-rows.ts). */
  rows: { readonly length: number; at(index: number): JobRowSource | undefined };
  start?: boolean;
}

export interface PagedCreationOptions {
  /** The most rows in one page (≤ 20,000). */
  pageRows?: number;
  /**
   * A page ends once its text reaches this many characters: encoding a page and handing it to the
   * bridge (which copies it) is one task of the window, and its length grows with the text.
   */
  pageChars?: number;
  /** Awaited between pages so the window stays responsive; a macrotask by default. */
  pause?: () => Promise<void>;
  onProgress?: (sent: number, total: number) => void;
}

/**
 * About 1,500 rows of four short cells: the bench's 5,000-row pages (850,000 characters) took the
 * window 40-80 ms each to encode and hand over on a busy 2-core machine.
 */
const PAGE_CHARS = 256 * 1024;
/** Never more than this in one page, whatever the target, so a sheet of long cells still fits the contract's 16 MB. */
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
  const pageChars = Math.max(1, Math.min(MAX_PAGE_CHARS, options.pageChars ?? PAGE_CHARS));
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
      const { text, size } = encodePage(job.rows, from, Math.min(pageRows, total - from), pageChars);
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

/**
 * Rows from `from` on, at most `maxRows` of them, as one JSON array text that ends once it reaches
 * `chars` characters (a row never makes it pass MAX_PAGE_CHARS, unless it is the page's only row).
 * Only the contract's fields, as plain JSON: nothing else of the renderer's rows crosses.
 */
function encodePage(
  rows: NewJobRows['rows'],
  from: number,
  maxRows: number,
  chars: number,
): { text: string; size: number } {
  const parts: string[] = [];
  let length = 2;
  let size = 0;
  while (size < maxRows && length < chars) {
    const x = rows.at(from + size)!;
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
    const json = JSON.stringify(input);
    if (size > 0 && length + json.length + 1 > MAX_PAGE_CHARS) break;
    parts.push(json);
    length += json.length + 1;
    size++;
  }
  return { text: `[${parts.join(',')}]`, size };
}
