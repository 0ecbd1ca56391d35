import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { JobDefinition, JobMeta, StoredRow } from './job-files.js';

/*
 * The rows of an indexed job (job.json version 2 or 3), so that any page is read without the rest:
 *   rows.jsonl  in sheet order, one JSON array per line; a line is either one row
 *                 [sheet row, cells, CustomerNumber, PhoneNumber, PhoneExtension, PhoneTypeName, status, message?]
 *               (the same row encoding as a version 1 job.json), or, from version 3, a page: an
 *               array of up to MAX_ROWS_PER_LINE consecutive rows. A line says which it is: a row
 *               starts with its sheet row number, a page with a row.
 *   rows.idx    for each row, the byte offset of the line holding it, plus the file's length:
 *               (rows + 1) float64 LE. The rows of a page share its line's offset, so a row's place
 *               in its page is how many rows before it share that offset.
 *   job.json    { v: 3, id, name, site, createdAt, mapping, headers, total } — small.
 * Both files are written once, before the job is renamed into place, and never change.
 *
 * Why pages: one JSON.stringify per row was a third of the time it takes to create a job (for
 * 100,000 rows, 56 ms of CPU a line per row against 38 ms in pages of 64), and every job is created
 * before anything of it is sent. A page of 64 rows still makes any window of the job a read of a few kilobytes.
 */

export const ROWS_FILE = 'rows.jsonl';
export const ROW_INDEX_FILE = 'rows.idx';
/** Written now: rows in pages. Version 2 (one row a line) is still read: pages are a superset of it. */
export const INDEXED_VERSION = 3;
const READABLE_INDEXED_VERSIONS: readonly number[] = [2, 3];
/** The most rows one line of rows.jsonl may hold; a reader looks no further than this for a page's ends. */
export const MAX_ROWS_PER_LINE = 256;
/** A page ends at this many rows or once its text reaches PAGE_CHARS (a sheet's rows may be very wide). */
const ROWS_PER_PAGE = 64;
export const PAGE_CHARS = 64 * 1024;
/** Rows read at a time when a job is read through: whole pages, so no page is read and parsed twice. */
export const READ_CHUNK_ROWS = 32 * ROWS_PER_PAGE;

export interface IndexedJobHeader extends JobMeta {
  v: 2 | 3;
  total: number;
}

/** A stored row as rows.jsonl holds it (row-store.ts's header comment). */
export type RowTuple = [number, string[], string, string, string, string, StoredRow['status'], string?];

/** A stored row's tuple from its parts, so no StoredRow is built per row. */
export function rowTuple(
  row: number,
  cells: string[],
  rec: PhoneRecord,
  status: StoredRow['status'],
  message: string | undefined,
): RowTuple {
  const t: RowTuple = [row, cells, rec.CustomerNumber, rec.PhoneNumber, rec.PhoneExtension, rec.PhoneTypeName, status];
  if (message !== undefined) t.push(message);
  return t;
}

/** A stored row from its parsed array form (a rows.jsonl row, or a row of a version 1 job.json). */
export function storedRowOf(parsed: unknown): StoredRow {
  const a = parsed as RowTuple;
  const row: StoredRow = {
    row: a[0],
    cells: a[1],
    record: { CustomerNumber: a[2], PhoneNumber: a[3], PhoneExtension: a[4], PhoneTypeName: a[5] },
    status: a[6],
  };
  if (a[7] !== undefined) row.message = a[7];
  return row;
}

/** Roughly how much text a row adds to its page: its cells' and fields' lengths. */
function rowChars(t: RowTuple): number {
  let n = t[2].length + t[3].length + t[4].length + t[5].length + (t[7]?.length ?? 0);
  const cells = t[1];
  for (let i = 0; i < cells.length; i++) n += cells[i]!.length;
  return n;
}

/** Bytes gathered before they are written: big writes, two buffers taking turns for the whole file. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 unit, so a line of n units always fits in 3n bytes. */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Appends rows to rows.jsonl in large writes and remembers where each starts; finish() writes
 * rows.idx and syncs both. Memory: the offsets (8 bytes a row), one page of rows, two write buffers.
 * Each line is encoded straight into a buffer (its byte length is what the encoder wrote), so no
 * row's text outlives its page: a million-row job leaves no million strings for the collector.
 * While one buffer is being written (by libuv's threads), the next rows are encoded into the other.
 */
export class RowFileWriter {
  private offsets = new Float64Array(1024);
  private count = 0;
  private bytes = 0;
  private buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private spare = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private used = 0;
  /** Lines that did not fit the buffer's room, in order after it (a very wide CLI row). */
  private spill: string[] = [];
  /** The rows of the page being gathered: as tuples (addRow) or already encoded (addEncodedRow), never both. */
  private page: RowTuple[] = [];
  private encodedPage: string[] = [];
  private pageChars = 0;
  /** The write under way, if any; only one at a time, so the file's bytes stay in order. */
  private writing: Promise<void> | null = null;

  private constructor(
    private readonly dir: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(dir: string): Promise<RowFileWriter> {
    return new RowFileWriter(dir, await open(join(dir, ROWS_FILE), 'wx'));
  }

  /** Rows added so far (a page still being gathered included). */
  get rows(): number {
    return this.count + this.page.length + this.encodedPage.length;
  }

  /**
   * Adds a row to the current page. Returns true when the buffered rows should be written (call
   * flush()): a million rows are added without a million awaits.
   */
  addRow(row: RowTuple): boolean {
    const full = this.encodedPage.length > 0 && this.endPage();
    this.page.push(row);
    this.pageChars += rowChars(row);
    if (this.page.length < ROWS_PER_PAGE && this.pageChars < PAGE_CHARS) return full;
    return this.endPage() || full;
  }

  /**
   * Adds a row already encoded as its tuple's JSON text (JSON.stringify of a RowTuple) to the current page, so a
   * caller holding rows as text (the app's draft file) writes the same pages as addRow without
   * parsing them. Returns as addRow does.
   */
  addEncodedRow(text: string): boolean {
    const full = this.page.length > 0 && this.endPage();
    this.encodedPage.push(text);
    this.pageChars += text.length;
    if (this.encodedPage.length < ROWS_PER_PAGE && this.pageChars < PAGE_CHARS) return full;
    return this.endPage() || full;
  }

  private endPage(): boolean {
    const page = this.page;
    const encoded = this.encodedPage;
    this.pageChars = 0;
    if (page.length > 0) {
      this.page = [];
      return this.addLine(JSON.stringify(page), page.length);
    }
    if (encoded.length > 0) {
      this.encodedPage = [];
      return this.addLine(`[${encoded.join(',')}]`, encoded.length);
    }
    return false;
  }

  private addLine(line: string, rowsInLine: number): boolean {
    if (this.count + rowsInLine >= this.offsets.length) {
      const grown = new Float64Array(Math.max(this.offsets.length * 2, this.count + rowsInLine + 1));
      grown.set(this.offsets);
      this.offsets = grown;
    }
    for (let k = 0; k < rowsInLine; k++) this.offsets[this.count++] = this.bytes;
    if (this.spill.length === 0 && (line.length + 1) * MAX_UTF8_PER_UNIT <= this.buffer.length - this.used) {
      const n = this.buffer.write(line, this.used, 'utf8');
      this.buffer[this.used + n] = 0x0a;
      this.used += n + 1;
      this.bytes += n + 1;
      return this.used >= this.buffer.length / 2;
    }
    const text = `${line}\n`;
    this.bytes += Buffer.byteLength(text, 'utf8');
    this.spill.push(text);
    return true;
  }

  /**
   * Starts writing what is buffered and returns once the write before it is done, so the caller
   * encodes the next rows while this write runs. finish() waits for the last one.
   */
  async flush(): Promise<void> {
    await this.writing;
    if (this.used === 0 && this.spill.length === 0) return;
    const buffer = this.buffer;
    const used = this.used;
    const spill = this.spill;
    this.buffer = this.spare;
    this.spare = buffer;
    this.used = 0;
    this.spill = [];
    const writing = this.writeOut(buffer, used, spill);
    // Awaited by the next flush (or finish/abort); marked handled so a failure waits for them.
    writing.catch(() => undefined);
    this.writing = writing;
  }

  private async writeOut(buffer: Buffer, used: number, spill: string[]): Promise<void> {
    for (let done = 0; done < used;) done += (await this.fh.write(buffer, done, used - done)).bytesWritten;
    if (spill.length > 0) await this.fh.write(spill.join(''), null, 'utf8');
  }

  /** Writes the index and makes both files durable. */
  async finish(): Promise<void> {
    try {
      this.endPage();
      await this.flush();
      await this.writing;
      await this.fh.sync();
    } finally {
      await this.fh.close();
    }
    this.offsets[this.count] = this.bytes;
    const index = Buffer.from(this.offsets.buffer, 0, (this.count + 1) * 8);
    const ih = await open(join(this.dir, ROW_INDEX_FILE), 'wx');
    try {
      await ih.write(index, 0, index.length, 0);
      await ih.sync();
    } finally {
      await ih.close();
    }
  }

  /** Gives up: closes the file (the caller removes the folder). */
  async abort(): Promise<void> {
    await this.writing?.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
  }
}

/** Reads rows of an indexed job by position, touching only the bytes of the rows asked for. */
export class RowReader {
  private constructor(
    private readonly rowsFh: FileHandle,
    private readonly indexFh: FileHandle,
    readonly total: number,
  ) {}

  static async open(dir: string): Promise<RowReader> {
    const indexFh = await open(join(dir, ROW_INDEX_FILE), 'r');
    try {
      const size = (await indexFh.stat()).size;
      if (size < 8 || size % 8 !== 0) throw new Error(`${join(dir, ROW_INDEX_FILE)}: not a row index`);
      return new RowReader(await open(join(dir, ROWS_FILE), 'r'), indexFh, size / 8 - 1);
    } catch (e) {
      await indexFh.close();
      throw e;
    }
  }

  /**
   * Rows at the given positions (ascending). Positions close together are read as one range, so a
   * filtered page whose rows share pages of the file reads and parses each of those pages once.
   */
  async rowsAt(positions: readonly number[]): Promise<StoredRow[]> {
    const out: StoredRow[] = [];
    let k = 0;
    while (k < positions.length) {
      let end = k + 1;
      while (end < positions.length && positions[end]! - positions[end - 1]! <= ROWS_PER_PAGE) end++;
      const from = positions[k]!;
      const rows = await this.range(from, positions[end - 1]! + 1);
      for (let m = k; m < end; m++) out.push(rows[positions[m]! - from]!);
      k = end;
    }
    return out;
  }

  /** Rows [from, to). */
  async range(from: number, to: number): Promise<StoredRow[]> {
    const a = Math.max(0, from);
    const b = Math.min(this.total, to);
    if (b <= a) return [];
    // Enough of the index either side to find where the first and last rows' lines begin and end.
    const lo = Math.max(0, a - MAX_ROWS_PER_LINE);
    const hi = Math.min(this.total, b - 1 + MAX_ROWS_PER_LINE);
    const offsets = await this.offsets(lo, hi);
    const at = (i: number) => offsets[i - lo]!;
    let first = a;
    while (first > lo && at(first - 1) === at(a)) first--;
    let end = b;
    while (end < hi && at(end) === at(b - 1)) end++;
    if ((first === lo && lo > 0 && at(lo) === at(a)) || at(end) === at(b - 1)) throw damagedIndex();
    const base = at(first);
    const bytes = Buffer.alloc(at(end) - base);
    await readFully(this.rowsFh, bytes, base);
    const rows: StoredRow[] = [];
    for (let i = first; i < end;) {
      let j = i + 1;
      while (j < end && at(j) === at(i)) j++;
      const line: unknown = JSON.parse(bytes.toString('utf8', at(i) - base, at(j) - base - 1));
      if (!Array.isArray(line)) throw damagedIndex();
      if (Array.isArray(line[0])) {
        // A page: exactly as many rows as the index gives it.
        if (line.length !== j - i) throw damagedIndex();
        for (let k = Math.max(i, a); k < Math.min(j, b); k++) rows.push(storedRowOf(line[k - i]));
      } else {
        if (j - i !== 1) throw damagedIndex();
        if (i >= a) rows.push(storedRowOf(line));
      }
      i = j;
    }
    return rows;
  }

  /**
   * Every row in order, `chunk` rows at a time, so a caller never holds the whole file as text and
   * main's event loop is free again after each chunk (2,048 rows parse in a few milliseconds).
   */
  async *all(chunk = READ_CHUNK_ROWS): AsyncGenerator<StoredRow[]> {
    for (let from = 0; from < this.total; from += chunk) yield await this.range(from, from + chunk);
  }

  private async offsets(from: number, to: number): Promise<Float64Array> {
    const buf = Buffer.alloc((to - from + 1) * 8);
    await readFully(this.indexFh, buf, from * 8);
    return new Float64Array(buf.buffer, buf.byteOffset, to - from + 1);
  }

  async close(): Promise<void> {
    await Promise.all([this.rowsFh.close(), this.indexFh.close()]);
  }
}

function damagedIndex(): Error {
  return new Error('the rows file does not match its index');
}

async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error('the rows file is shorter than its index says');
    done += bytesRead;
  }
}

/** The whole definition of an indexed job (reports, a run's records): read in chunks. */
export async function readIndexedDefinition(dir: string, header: IndexedJobHeader): Promise<JobDefinition> {
  const reader = await RowReader.open(dir);
  const rows: StoredRow[] = [];
  try {
    for await (const part of reader.all()) for (const r of part) rows.push(r);
  } finally {
    await reader.close();
  }
  return {
    id: header.id,
    name: header.name,
    site: header.site,
    createdAt: header.createdAt,
    mapping: header.mapping,
    headers: header.headers,
    rows,
  };
}

export function isIndexedHeader(o: unknown): o is IndexedJobHeader {
  const h = o as Partial<IndexedJobHeader> | null;
  return (
    h !== null &&
    typeof h === 'object' &&
    READABLE_INDEXED_VERSIONS.includes(h.v as number) &&
    typeof h.id === 'string' &&
    typeof h.total === 'number'
  );
}
