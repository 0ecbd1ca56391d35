import { err, type Result } from '../../../shared/domain/app-error.js';
import { checkBeforeReading, readWorkbook } from '../../../shared/spreadsheet/read-workbook.js';
import { sendWorkbook, WorkbookReceiver, type WorkbookPart } from '../../../shared/spreadsheet/workbook-transfer.js';
import type { TableWorkbook } from '../../../shared/spreadsheet/row-table.js';
import type { ReadLimits, ReadProgress } from '../../../shared/spreadsheet/workbook.js';

// Both ends of the parse worker, kept free of DOM types so the tests can drive them with fakes.

export interface ParseRequest {
  type: 'parse';
  /** Transferred, not copied: the sender's buffer is empty afterwards. */
  bytes: ArrayBuffer;
  fileName: string;
  limits?: Partial<ReadLimits>;
}

export type ParseMessage = { type: 'progress'; progress: ReadProgress } | WorkbookPart;

/** Worker side: read the bytes and post progress, then the workbook in parts. */
export function serveParseRequest(request: ParseRequest, post: (message: ParseMessage) => void): void {
  let lastPosted = -1;
  const onProgress = (progress: ReadProgress) => {
    // Every posted message is a task on the UI thread; whole percents are plenty for a progress bar.
    if (progress.fraction - lastPosted < 0.01 && progress.fraction < 1) return;
    lastPosted = progress.fraction;
    post({ type: 'progress', progress });
  };
  const options = request.limits === undefined ? {} : { limits: request.limits };
  sendWorkbook(readWorkbook(new Uint8Array(request.bytes), request.fileName, onProgress, options), post);
}

/** The little of a Worker the client needs, so tests can stand in for it. */
export interface ParseWorker {
  post(request: ParseRequest, transfer: ArrayBuffer[]): void;
  listen(onMessage: (message: ParseMessage) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

/** The little of a File the client needs. */
export interface FileSource {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ParseProgressListener = (progress: ReadProgress) => void;

export interface ParseOptions {
  /** Aborting stops the worker at once; the result is a `validation` error whose detail is "cancelled". */
  signal?: AbortSignal;
  limits?: Partial<ReadLimits>;
}

/** Client side: one worker per file, ended as soon as the result (or a failure) is in. */
export async function runParseSession(
  createWorker: () => ParseWorker,
  file: FileSource,
  onProgress?: ParseProgressListener,
  options: ParseOptions = {},
): Promise<Result<TableWorkbook>> {
  const checkOptions = options.limits === undefined ? {} : { limits: options.limits };
  const checked = checkBeforeReading(file.name, file.size, checkOptions);
  if (!checked.ok) return checked;
  const cancelled = (): Result<never> => err('validation', `Opening "${file.name}" was cancelled.`, 'cancelled');
  // A function, not an expression: TypeScript would keep its first answer across the await below.
  const aborted = () => options.signal?.aborted === true;
  if (aborted()) return cancelled();

  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    return err(
      'validation',
      `"${file.name}" could not be read from disk: ${e instanceof Error ? e.message : String(e)}.`,
    );
  }
  if (aborted()) return cancelled();

  const worker = createWorker();
  return new Promise<Result<TableWorkbook>>((resolve) => {
    const receiver = new WorkbookReceiver();
    let settled = false;
    const finish = (result: Result<TableWorkbook>) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => finish(cancelled());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.listen(
      (message) => {
        if (message.type === 'progress') {
          onProgress?.(message.progress);
          return;
        }
        const result = receiver.accept(message);
        if (result !== null) finish(result);
      },
      (reason) => finish(err('internal', `"${file.name}" could not be read: the reader stopped (${reason}).`)),
    );
    const request: ParseRequest = { type: 'parse', bytes, fileName: file.name };
    if (options.limits !== undefined) request.limits = options.limits;
    worker.post(request, [bytes]);
  });
}
