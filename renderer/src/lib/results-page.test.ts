import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResultsPage, type ResultsBridge } from './results-page.svelte.js';
import type { JobRowsPage, JobRowView } from '../../../shared/domain/job-rows.js';
import type { Result } from '../../../shared/domain/app-error.js';

afterEach(() => {
  vi.useRealTimers();
});

type RowsRequest = Parameters<ResultsBridge['getJobRows']>[0];

function view(row: number, status: JobRowView['status']): JobRowView {
  return {
    row,
    cells: [],
    record: { CustomerNumber: `C-${row}`, PhoneNumber: '212-555-0100', PhoneExtension: '', PhoneTypeName: 'Office' },
    status,
  };
}
function page(rows: JobRowView[], total = rows.length): Result<JobRowsPage> {
  return {
    ok: true,
    value: {
      job: {
        id: 'job-1',
        name: 'Branch',
        site: 'https://example.test',
        createdAt: '',
        updatedAt: '',
        state: 'sending',
        counts: { total: 0, saved: 0, failed: 0, invalid: 0, skipped: 0, pending: 0 },
        batchesTotal: 1,
        batchesDone: 0,
      },
      headers: [],
      mapping: {
        CustomerNumber: { kind: 'none' },
        PhoneNumber: { kind: 'none' },
        PhoneExtension: { kind: 'none' },
        PhoneTypeName: { kind: 'none' },
      },
      total,
      rows,
    },
  };
}

/** main's getJobRows, answering only when the test says so (in any order). */
function slowMain() {
  const asked: Array<{ request: RowsRequest; answer: (r: Result<JobRowsPage>) => void }> = [];
  const bridge = {
    getJobRows: (request: RowsRequest) =>
      new Promise<Result<JobRowsPage>>((answer) => {
        asked.push({ request, answer });
      }),
  } as unknown as ResultsBridge;
  return { bridge, asked };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ResultsPage: a page of a job’s rows that follows a send', () => {
  it('drops a stale answer: the page of the old filter, answered last, never replaces the new one', async () => {
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 0 });
    results.show('job-1');
    results.setFilter('failed');
    await settle();
    expect(main.asked.map((a) => a.request.statuses)).toEqual([undefined, ['failed']]);
    // The failed rows come back first, the (slow) page of all rows after them.
    main.asked[1]!.answer(page([view(4, 'failed')]));
    await settle();
    main.asked[0]!.answer(page([view(1, 'saved'), view(2, 'saved'), view(4, 'failed')]));
    await settle();
    expect(results.rows.map((r) => r.status)).toEqual(['failed']);
    expect(results.total).toBe(1);
  });

  it('asks for the page at most once per interval however many progress events arrive, and once more at the end', () => {
    vi.useFakeTimers();
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 400, now: () => Date.now() });
    results.show('job-1');
    // A send of 500 batches in a second: a progress event every 2 ms.
    for (let i = 0; i < 500; i++) {
      vi.advanceTimersByTime(2);
      results.show('job-1');
    }
    vi.advanceTimersByTime(400);
    // 1 at once, then one per 400 ms over the 1000 ms burst, and the trailing one after it.
    expect(main.asked.length).toBeLessThanOrEqual(5);
    expect(main.asked.length).toBeGreaterThanOrEqual(3);
    const count = main.asked.length;
    vi.advanceTimersByTime(5_000);
    expect(main.asked.length).toBe(count);
  });

  it('after dispose no timer asks main again and no late answer is shown', async () => {
    vi.useFakeTimers();
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 400, searchMs: 200, now: () => Date.now() });
    results.show('job-1');
    results.show('job-1'); // a trailing reload, waiting for its interval
    results.typeSearch('0103'); // a search, waiting for the typing to pause
    results.dispose();
    vi.advanceTimersByTime(2_000);
    expect(main.asked.length).toBe(1);
    main.asked[0]!.answer(page([view(1, 'saved')]));
    vi.useRealTimers();
    await settle();
    expect(results.rows).toEqual([]);
  });

  it('a search is asked once the typing pauses, from the first page', () => {
    vi.useFakeTimers();
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 0, searchMs: 200, now: () => Date.now() });
    results.show('job-1');
    results.offset = 400;
    for (const text of ['0', '01', '010', '0103']) {
      results.typeSearch(text);
      vi.advanceTimersByTime(50);
    }
    expect(main.asked.length).toBe(1);
    vi.advanceTimersByTime(200);
    expect(main.asked.length).toBe(2);
    expect(main.asked[1]!.request).toMatchObject({ search: '0103', offset: 0 });
  });

  it('a filter the user picks is asked at once, even right after a throttled reload', () => {
    vi.useFakeTimers();
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 400, now: () => Date.now() });
    results.show('job-1');
    results.show('job-1'); // a progress event: its reload waits for the interval
    results.setFilter('failed');
    expect(main.asked.map((a) => a.request.statuses)).toEqual([undefined, ['failed']]);
    // The waiting progress reload was folded into the user's request.
    vi.advanceTimersByTime(1_000);
    expect(main.asked.length).toBe(2);
  });

  it('another job forgets the report exported from the last one', () => {
    const main = slowMain();
    const results = new ResultsPage(main.bridge, { refreshMs: 0 });
    results.show('job-1');
    results.savedPath = '/tmp/report.xlsx';
    results.show('job-1');
    expect(results.savedPath).toBe('/tmp/report.xlsx');
    results.show('job-2');
    expect(results.savedPath).toBeNull();
  });
});
