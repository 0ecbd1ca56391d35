import type { ServerResponse } from 'node:http';
import type { SimulatorOptions } from './options.js';

/** One entry of Wasp's ResultList or Messages. */
export interface WtResult {
  ResultCode: number;
  Message: string;
  HttpStatusCode: number;
  FieldName: string | null;
}

/** Wasp's answer envelope, with the success count under the spelling the simulator is set to. */
export function envelope(
  spelling: SimulatorOptions['spelling'],
  results: WtResult[],
  total: number,
  errors: number,
  messages: WtResult[] = [],
) {
  return {
    Data: { ResultList: results, [spelling]: total - errors, TotalResults: total, ErrorCount: errors },
    Messages: messages,
    BatchNumber: 0,
    HasError: errors > 0 || messages.some((m) => m.ResultCode < 0),
    HasHttpError: false,
    HasMessage: messages.length > 0 || results.length > 0,
    HasSuccessWithMoreDataRemaining: false,
    TotalRecordsLongCount: 0,
  };
}

/** A whole-batch refusal as Wasp words it: one negative message, nothing saved. */
export function batchError(spelling: SimulatorOptions['spelling'], message: string): string {
  return JSON.stringify(
    envelope(spelling, [], 0, 0, [{ ResultCode: -1, Message: message, HttpStatusCode: 400, FieldName: null }]),
  );
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
