import { describe, expect, it } from 'vitest';
import {
  runParseSession,
  serveParseRequest,
  type FileSource,
  type ParseMessage,
  type ParseRequest,
  type ParseWorker,
} from '../../../renderer/src/import/parse-session.js';
import { sendWorkbook, WorkbookReceiver, type WorkbookPart } from '../../../shared/spreadsheet/workbook-transfer.js';
import { packRows, RowTable } from '../../../shared/spreadsheet/row-table.js';
import type { ReadProgress } from '../../../shared/spreadsheet/workbook.js';
import { errorOf, expectOk, utf8, workbookBytes } from './workbook-files.js';

/** Runs the real worker code behind structured cloning, as a Worker would, asynchronously. */
function fakeWorker(behaviour: 'serve' | 'crash' | 'silent' = 'serve') {
  let requestArrived: () => void = () => {};
  const state = {
    terminated: false,
    posted: [] as ParseMessage[],
    /** Resolves when the worker has been given its request (the session is then waiting on it). */
    requested: new Promise<void>((resolve) => (requestArrived = resolve)),
  };
  let onMessage: (m: ParseMessage) => void = () => {};
  let onFailure: (reason: string) => void = () => {};
  const worker: ParseWorker = {
    post(request: ParseRequest, transfer: ArrayBuffer[]) {
      const received = structuredClone(request, { transfer });
      requestArrived();
      setTimeout(() => {
        if (behaviour === 'crash') return onFailure('out of memory');
        if (behaviour === 'silent') return;
        serveParseRequest(received, (m) => {
          const copy = structuredClone(m);
          state.posted.push(copy);
          setTimeout(() => {
            if (!state.terminated) onMessage(copy);
          });
        });
      });
    },
    listen(m, f) {
      onMessage = m;
      onFailure = f;
    },
    terminate() {
      state.terminated = true;
    },
  };
  return { worker, state };
}

function fileOf(name: string, bytes: Uint8Array): FileSource & { reads: number } {
  const f = {
    name,
    size: bytes.length,
    reads: 0,
    arrayBuffer: async () => {
      f.reads++;
      return bytes.slice().buffer;
    },
  };
  return f;
}

describe('workbook transfer in parts', () => {
  it('sends big sheets in slices and puts them back together', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 1, cells: [String(i)] }));
    const parts: WorkbookPart[] = [];
    sendWorkbook(
      {
        ok: true,
        value: {
          fileName: 'f.csv',
          format: 'csv',
          notes: [],
          sheets: [{ name: 'f', hidden: false, rowCount: 10, columnCount: 1, rows }],
        },
      },
      (p) => parts.push(p),
      4,
    );
    expect(parts.map((p) => (p.type === 'rows' ? p.rows.rowNumbers.length : p.type))).toEqual([4, 4, 2, 'workbook']);
    const receiver = new WorkbookReceiver();
    const results = parts.map((p) => receiver.accept(p));
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    const table = expectOk(results[3] ?? { ok: false, error: { kind: 'internal', message: 'none' } }).sheets[0]?.rows;
    expect(table?.length).toBe(10);
    expect(table?.slice()).toEqual(rows);
  });

  // The finding: rows deserialised one object per row and per cell filled the window's young heap
  // with a million rows' objects, and the collections copying them were its longest tasks. Rows now
  // travel packed (one text, typed arrays) and are rebuilt by the receiver.
  it('packs rows into one text and typed arrays, and unpacks them exactly', () => {
    const rows = [
      { row: 1, cells: ['Customer', 'Phone', '', 'Typ ✓'] },
      { row: 3, cells: [] },
      { row: 4, cells: ['', ''] },
      { row: 7, cells: ['C-1', '+1 212 555 0100 x12', 'Office', '𝔘nicode and "quotes", commas\nand lines'] },
    ];
    const packed = packRows(rows, 0, rows.length);
    expect(typeof packed.text).toBe('string');
    expect(packed.rowNumbers).toBeInstanceOf(Int32Array);
    expect([...packed.cellCounts]).toEqual([4, 0, 2, 4]);
    // Nothing of the rows' objects travels: a structured clone of the part is the text and three arrays.
    const table = new RowTable();
    table.append(structuredClone(packed));
    expect(table.slice()).toEqual(rows);
    // Exactly as many cells as the row has (no spare room kept for a million rows).
    expect(table.slice().map((r) => r.cells.length)).toEqual([4, 0, 2, 4]);
    expect(packRows(rows, 1, 3)).toEqual(packRows(rows.slice(1, 3), 0, 2));
  });

  it('reports a workbook that arrives without all its rows', () => {
    const receiver = new WorkbookReceiver();
    const r = receiver.accept({
      type: 'workbook',
      workbook: {
        fileName: 'f.csv',
        format: 'csv',
        notes: [],
        sheets: [{ name: 'f', hidden: false, rowCount: 3, columnCount: 1, rows: [] }],
      },
    });
    expect(r && !r.ok && r.error.kind).toBe('internal');
  });
});

describe('parse session (worker + client)', () => {
  it('reads a file in the worker, transfers the bytes, reports progress and reassembles every row', async () => {
    const csv = utf8(
      ['Cust,Phone', ...Array.from({ length: 9_999 }, (_, i) => `${i},555-${String(i).padStart(4, '0')}`)].join('\n'),
    );
    const { worker, state } = fakeWorker();
    let transferred: ArrayBuffer | undefined;
    const spy: ParseWorker = { ...worker, post: (req, t) => ((transferred = req.bytes), worker.post(req, t)) };
    const progress: ReadProgress[] = [];
    const wb = expectOk(
      await runParseSession(
        () => spy,
        fileOf('phones.csv', csv),
        (p) => progress.push(p),
      ),
    );
    expect(wb.sheets[0]?.rowCount).toBe(10_000);
    expect(wb.sheets[0]?.rows.row(9_999)).toEqual({ row: 10_000, cells: ['9998', '555-9998'] });
    expect(transferred?.byteLength).toBe(0);
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(state.posted.filter((m) => m.type === 'rows').length).toBeGreaterThan(1);
    expect(state.terminated).toBe(true);
  });

  it("passes the reader's one-line refusal through", async () => {
    const { worker, state } = fakeWorker();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(errorOf(await runParseSession(() => worker, fileOf('logo.xlsx', png))).message).toBe(
      '"logo.xlsx" is a PNG image, not a spreadsheet.',
    );
    expect(state.terminated).toBe(true);
  });

  it('refuses a too-big or wrongly named file without reading it or starting a worker', async () => {
    let started = 0;
    const start = () => (started++, fakeWorker().worker);
    const big = { name: 'huge.xlsx', size: 200 * 1024 * 1024, reads: 0, arrayBuffer: async () => new ArrayBuffer(0) };
    expect(errorOf(await runParseSession(start, big)).message).toMatch(/^"huge.xlsx" is 200 MB, more than the 100 MB/);
    expect(errorOf(await runParseSession(start, fileOf('movie.mp4', utf8('x')))).message).toMatch(
      /not a file type the importer opens/,
    );
    expect(started).toBe(0);
  });

  it('stops the worker when cancelled', async () => {
    const { worker, state } = fakeWorker('silent');
    const abort = new AbortController();
    const pending = runParseSession(() => worker, fileOf('a.xlsx', workbookBytes({ S: [['x']] })), undefined, {
      signal: abort.signal,
    });
    // Cancel while the worker holds the request, the case that must terminate it.
    await state.requested;
    abort.abort();
    const e = await pending;
    expect(!e.ok && e.error).toEqual({
      kind: 'validation',
      message: 'Opening "a.xlsx" was cancelled.',
      detail: 'cancelled',
    });
    expect(state.terminated).toBe(true);
  });

  it('turns a crashed worker into an error instead of waiting forever', async () => {
    const { worker, state } = fakeWorker('crash');
    const e = errorOf(await runParseSession(() => worker, fileOf('a.csv', utf8('a,b'))));
    expect(e).toEqual({ kind: 'internal', message: '"a.csv" could not be read: the reader stopped (out of memory).' });
    expect(state.terminated).toBe(true);
  });

  it('applies injected limits in the worker', async () => {
    const { worker } = fakeWorker();
    const csv = utf8('a\nb\nc\n');
    expect(
      errorOf(await runParseSession(() => worker, fileOf('rows.csv', csv), undefined, { limits: { maxRows: 2 } }))
        .message,
    ).toMatch(/more than 2 rows/);
  });
});
