import { open, readFile, type FileHandle } from 'node:fs/promises';

/**
 * An append-only file of JSON lines, made durable with fdatasync.
 *
 * Writers that arrive while a sync is running are grouped into the next write+sync ("group
 * commit"): with several batches finishing close together the disk sees one sync, not one each,
 * and a caller's append() still resolves only once its line is on disk.
 */
export class Journal {
  private queued: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Set when a failed write could not be undone: the file may end in half a line. */
  private broken: Error | null = null;

  /** `size`: bytes known to be complete lines; a failed write is cut back to it. */
  private constructor(
    private readonly fh: FileHandle,
    private size: number,
  ) {}

  static async open(path: string): Promise<Journal> {
    const fh = await open(path, 'a');
    try {
      return new Journal(fh, (await fh.stat()).size);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** Resolves when the entry is durable. Entries are written in the order append() was called. */
  append(entry: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    if (this.broken !== null) return Promise.reject(this.broken);
    this.queued.push(`${JSON.stringify(entry)}\n`);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.flushing === null) this.flushing = this.flush();
    return done;
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const text = this.queued.join('');
      const waiters = this.waiters;
      this.queued = [];
      this.waiters = [];
      try {
        if (this.broken !== null) throw this.broken;
        await this.fh.appendFile(text, 'utf8');
        await this.fh.datasync();
        this.size += Buffer.byteLength(text, 'utf8');
        for (const w of waiters) w.resolve();
      } catch (e) {
        // A full disk can take half a line: cut it off (shrinking needs no space) so a later append,
        // once space is back, does not glue its line onto the fragment and lose both.
        if (this.broken === null) {
          try {
            await this.fh.truncate(this.size);
          } catch {
            this.broken = e instanceof Error ? e : new Error(`journal write failed: ${String(e)}`);
          }
        }
        for (const w of waiters) w.reject(e);
      }
    }
    this.flushing = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.fh.close();
  }
}

export interface JournalRead {
  entries: unknown[];
  /** Bytes up to the end of the last complete, parseable line. */
  validLength: number;
  /** A partial or unparseable tail was found (a write cut short by a crash). */
  tornTail: boolean;
  /** Unparseable lines before the tail (should not happen with append-only writes); skipped. */
  skipped: number;
}

/**
 * Reads all complete lines; a torn last line is reported, never thrown. `accept` checks each parsed
 * line (its index among accepted lines is given); a line it refuses is treated like an unparseable one.
 */
export async function readJournal(
  path: string,
  accept: (entry: unknown, index: number) => boolean = () => true,
): Promise<JournalRead> {
  const buf = await readFile(path);
  const entries: unknown[] = [];
  let start = 0;
  let validLength = 0;
  let skipped = 0;
  let tornTail = false;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) {
      tornTail = true;
      break;
    }
    const line = buf.toString('utf8', start, nl);
    try {
      const entry: unknown = JSON.parse(line);
      if (!accept(entry, entries.length)) throw new Error('line refused');
      entries.push(entry);
      validLength = nl + 1;
    } catch {
      // Blank lines are harmless; a garbled line in the middle is skipped so one bad sector does not lose the job.
      if (line.trim() !== '') skipped++;
      else validLength = nl + 1;
    }
    start = nl + 1;
  }
  // Garbage lines after the last good one are part of the torn tail, not data.
  if (validLength < buf.length) tornTail = true;
  return { entries, validLength, tornTail, skipped };
}

/** Cuts a torn tail off so that the next append starts on a clean line. */
export async function truncateJournal(path: string, length: number): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.truncate(length);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
