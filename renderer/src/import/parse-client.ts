import type { Result } from '../../../shared/domain/app-error.js';
import type { TableWorkbook } from '../../../shared/spreadsheet/row-table.js';
import {
  runParseSession,
  type ParseMessage,
  type ParseOptions,
  type ParseProgressListener,
  type ParseWorker,
  type FileSource,
} from './parse-session.js';

export type { ParseOptions, ParseProgressListener } from './parse-session.js';

function startWorker(): ParseWorker {
  const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (request, transfer) => worker.postMessage(request, transfer),
    listen: (onMessage, onFailure) => {
      worker.onmessage = (event: MessageEvent<ParseMessage>) => onMessage(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        onFailure(event.message || 'the worker failed');
      };
      worker.onmessageerror = () => onFailure('a message from the worker could not be read');
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Reads a dropped or picked file in a Web Worker so the window never freezes; progress comes as
 * fractions from 0 to 1. Refusals (wrong type, too big, damaged, password-protected…) come back as
 * a one-line `validation` error naming the file.
 */
export function parseFile(
  file: FileSource,
  onProgress?: ParseProgressListener,
  options?: ParseOptions,
): Promise<Result<TableWorkbook>> {
  return runParseSession(startWorker, file, onProgress, options);
}
