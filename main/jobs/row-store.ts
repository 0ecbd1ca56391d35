import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { JobDefinition, JobMeta, StoredRow } from './job-files.js';

/*
 * The rows of an indexed job (job.json version 2), so that any page is read without the rest:
 *   rows.jsonl  one JSON array per row, in sheet order:
 *               [sheet row, cells, CustomerNumber, PhoneNumber, PhoneExtension, PhoneTypeName, status, message?]
 *               (the same row encoding as a version 1 job.json);
 *   rows.idx    the byte offset where each row starts, plus the file's length: (rows + 1) float64 LE.
 *   job.json    { v: 2, id, name, site, createdAt, mapping, headers, total } — small.
 * Both files are written once, before the job is renamed into place, and never change.
 */

export const ROWS_FILE = 'rows.jsonl';
export const ROW_INDEX_FILE = 'rows.idx';
export const INDEXED_VERSION = 2;

export interface IndexedJobHeader extends JobMeta {
  v: 2;
  total: number;
}

/** A stored row as one line of rows.jsonl, without the newline; from its parts, so no StoredRow is built per row. */
export function encodeRowLine(
  row: number,
  cells: readonly string[],
  rec: PhoneRecord,
  status: StoredRow['status'],
  message: string | undefined,
): string {
  const base = [row, cells, rec.CustomerNumber, rec.PhoneNumber, rec.PhoneExtension, rec.PhoneTypeName, status];
  if (message !== undefined) base.push(message);
  return JSON.stringify(base);
}

export function decodeStoredRow(line: string): StoredRow {
  return storedRowOf(JSON.parse(line));
}

/** A stored row from its parsed array form (a rows.jsonl line, or a row of a version 1 job.json). */
export function storedRowOf(parsed: unknown): StoredRow {
  const a = parsed as [number, string[], string, string, string, string, StoredRow['status'], string?];
  const row: StoredRow = {
    row: a[0],
    cells: a[1],
    record: { CustomerNumber: a[2], PhoneNumber: a[3], PhoneExtension: a[4], PhoneTypeName: a[5] },
    status: a[6],
  };
  if (a[7] !== undefined) row.message = a[7];
  return row;
}

/** Bytes gathered before they are written: big writes, one buffer reused for the whole file. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 unit, so a line of n units always fits in 3n bytes. */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Appends encoded rows to rows.jsonl in large writes and remembers where each starts; finish()
 * writes rows.idx and syncs both. Memory: the offsets (8 bytes a row) and one write buffer.
 * Each line is encoded straight into the buffer (its byte length is what the encoder wrote), so
 * no row's text outlives its add(): a million-row job leaves no million strings for the collector.
 */
export class RowFileWriter {
  private offsets = new Float64Array(1024);
  private count = 0;
  private bytes = 0;
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private used = 0;
  /** Lines that did not fit the buffer's room, in order after it (a very wide CLI row). */
  private spill: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(dir: string): Promise<RowFileWriter> {
    return new RowFileWriter(dir, await open(join(dir, ROWS_FILE), 'wx'));
  }

  get rows(): number {
    return this.count;
  }

  /**
   * `line` is one encoded row without its newline. Returns true when the buffered rows should be
   * written (call flush()): a million rows are added without a million awaits.
   */
  add(line: string): boolean {
    if (this.count + 1 >= this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.count++] = this.bytes;
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

  async flush(): Promise<void> {
    for (let done = 0; done < this.used;)
      done += (await this.fh.write(this.buffer, done, this.used - done)).bytesWritten;
    this.used = 0;
    if (this.spill.length === 0) return;
    const text = this.spill.join('');
    this.spill = [];
    await this.fh.write(text, null, 'utf8');
  }

  /** Writes the index and makes both files durable. */
  async finish(): Promise<void> {
    try {
      await this.flush();
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

  /** Rows at the given positions (ascending), read as few contiguous ranges as they allow. */
  async rowsAt(positions: readonly number[]): Promise<StoredRow[]> {
    const out: StoredRow[] = [];
    let k = 0;
    while (k < positions.length) {
      let end = k + 1;
      while (end < positions.length && positions[end] === positions[end - 1]! + 1) end++;
      out.push(...(await this.range(positions[k]!, positions[end - 1]! + 1)));
      k = end;
    }
    return out;
  }

  /** Rows [from, to). */
  async range(from: number, to: number): Promise<StoredRow[]> {
    const a = Math.max(0, from);
    const b = Math.min(this.total, to);
    if (b <= a) return [];
    const offsets = await this.offsets(a, b);
    const start = offsets[0]!;
    const bytes = Buffer.alloc(offsets[b - a]! - start);
    await readFully(this.rowsFh, bytes, start);
    const rows = new Array<StoredRow>(b - a);
    for (let i = 0; i < b - a; i++)
      rows[i] = decodeStoredRow(bytes.toString('utf8', offsets[i]! - start, offsets[i + 1]! - start - 1));
    return rows;
  }

  /**
   * Every row in order, `chunk` rows at a time, so a caller never holds the whole file as text and
   * main's event loop is free again after each chunk (2,000 rows parse in a few milliseconds).
   */
  async *all(chunk = 2_000): AsyncGenerator<StoredRow[]> {
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
    h.v === INDEXED_VERSION &&
    typeof h.id === 'string' &&
    typeof h.total === 'number'
  );
}
