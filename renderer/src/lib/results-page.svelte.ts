import type { WaspBridge } from '../../../shared/ipc/contract.js';
import type { JobRowView } from '../../../shared/domain/job-rows.js';
import type { Mapping, RowStatus } from '../../../shared/domain/job.js';
import type { DraftRow } from './draft.svelte.js';
import { throttle, type Throttled } from '../../../shared/timing/throttle.js';

export type RowFilter = 'all' | RowStatus;
export type ResultsBridge = Pick<WaspBridge, 'getJobRows' | 'exportReport' | 'showInFolder' | 'openSavedFile'>;

export const RESULTS_PAGE_ROWS = 200;

/** The rows of a job to fix and send again, as the Review screen takes them. */
export interface RetryRows {
  headers: string[];
  mapping: Mapping;
  rows: DraftRow[];
}

/**
 * One page of a job's rows on the Results screen, with its filter, search and exported report.
 * While a send runs every progress event asks for the page again: `refresh` is throttled (a few
 * pages a second are plenty), and an answer to an older request than the latest one is dropped, so
 * a slow page of the old filter never replaces the page of the new one. `dispose` calls off the
 * timers and drops any answer still on its way.
 */
export class ResultsPage {
  jobId = $state<string | null>(null);
  filter = $state<RowFilter>('all');
  offset = $state(0);
  rows = $state.raw<JobRowView[]>([]);
  total = $state(0);
  error = $state<string | null>(null);
  exporting = $state(false);
  /** The report just exported: main opens it or shows it in its folder, for this path only. */
  savedPath = $state<string | null>(null);
  /** The search box as typed, and the search asked of main once typing pauses. */
  search = $state('');
  searchApplied = $state('');

  private latest = 0;
  private disposed = false;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Throttled page reload. */
  readonly refresh: Throttled;

  constructor(
    private readonly bridge: ResultsBridge,
    private readonly timing: { refreshMs?: number; searchMs?: number; now?: () => number } = {},
  ) {
    this.refresh = throttle(() => void this.load(), timing.refreshMs ?? 400, timing.now ?? Date.now);
  }

  /** The job shown: another job forgets the report exported from the last one (the page reloads). */
  show(jobId: string | null): void {
    if (jobId !== this.jobId) {
      this.jobId = jobId;
      this.savedPath = null;
    }
    this.refresh();
  }

  setFilter(filter: RowFilter): void {
    this.filter = filter;
    this.offset = 0;
    this.loadNow();
  }

  nextPage(): void {
    if (this.offset + RESULTS_PAGE_ROWS >= this.total) return;
    this.offset += RESULTS_PAGE_ROWS;
    this.loadNow();
  }

  previousPage(): void {
    this.offset = Math.max(0, this.offset - RESULTS_PAGE_ROWS);
    this.loadNow();
  }

  /** What the user asked for is read at once, not after the progress throttle's interval. */
  private loadNow(): void {
    this.refresh.cancel();
    void this.load();
  }

  /** Typing a phone number is several keystrokes: main is asked once the typing pauses. */
  typeSearch(text: string): void {
    this.search = text;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchApplied = text;
      this.offset = 0;
      this.loadNow();
    }, this.timing.searchMs ?? 200);
  }

  /** Reads the page now; only the latest request's answer is kept. */
  async load(): Promise<void> {
    const jobId = this.jobId;
    if (jobId === null || this.disposed) return;
    const mine = ++this.latest;
    const search = this.searchApplied.trim();
    const r = await this.bridge.getJobRows({
      jobId,
      offset: this.offset,
      limit: RESULTS_PAGE_ROWS,
      ...(this.filter === 'all' ? {} : { statuses: [this.filter] }),
      ...(search === '' ? {} : { search }),
    });
    if (mine !== this.latest || this.disposed) return;
    if (r.ok) {
      this.rows = r.value.rows;
      this.total = r.value.total;
      this.error = null;
    } else this.error = r.error.message;
  }

  async exportReport(format: 'xlsx' | 'csv'): Promise<void> {
    const jobId = this.jobId;
    if (jobId === null) return;
    this.exporting = true;
    this.savedPath = null;
    const r = await this.bridge.exportReport({ jobId, format });
    this.exporting = false;
    if (!r.ok) this.error = r.error.message;
    else if (r.value.path && jobId === this.jobId) this.savedPath = r.value.path;
  }

  async reveal(how: 'folder' | 'open'): Promise<void> {
    const path = this.savedPath;
    if (!path) return;
    const r = how === 'folder' ? await this.bridge.showInFolder({ path }) : await this.bridge.openSavedFile({ path });
    if (!r.ok) this.error = r.error.message;
  }

  /** Every failed and invalid row of the job (invalid ones were never sent but are fixed the same way). */
  async retryRows(): Promise<RetryRows | null> {
    const jobId = this.jobId;
    if (jobId === null) return null;
    const rows: DraftRow[] = [];
    let at = 0;
    let source: Pick<RetryRows, 'headers' | 'mapping'>;
    for (;;) {
      const r = await this.bridge.getJobRows({ jobId, offset: at, limit: 5000, statuses: ['failed', 'invalid'] });
      if (!r.ok) {
        this.error = r.error.message;
        return null;
      }
      source = { headers: r.value.headers, mapping: r.value.mapping };
      for (const x of r.value.rows) rows.push({ row: x.row, cells: x.cells, record: x.record, excluded: false });
      at += r.value.rows.length;
      if (r.value.rows.length === 0 || at >= r.value.total) break;
    }
    return rows.length > 0 ? { ...source, rows } : null;
  }

  /** The screen is gone: no timer fires and no answer still on its way is applied. */
  dispose(): void {
    this.disposed = true;
    this.refresh.cancel();
    clearTimeout(this.searchTimer);
  }
}
