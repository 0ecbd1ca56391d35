import type { Logger, LogFields } from '../logging/logger.js';
import type { CallOutcome } from '../wasp-api/call-outcome.js';
import type { BatchTransport } from './types.js';

/**
 * Every call to Wasp that did not simply succeed, logged once, where the call's outcome is known
 * (the run above only sees what it decides: retry, wait, stop). The fields say what support needs
 * (which call, how many records, the status, the kind and reason) and never carry Wasp's text: a
 * record's message or field name can quote the customer's data back.
 */
export function loggedTransport(inner: BatchTransport, log: Logger): BatchTransport {
  const note = async (call: 'save' | 'probe', records: number, outcome: Promise<CallOutcome>) => {
    const o = await outcome;
    const fields = outcomeFields(o);
    if (fields !== null) {
      const base = { call, records, kind: o.kind, ...fields };
      if (o.kind === 'record-failures') log.warn('Wasp refused records', base);
      else log.warn('Wasp call failed', base);
    }
    return o;
  };
  return {
    save: (records, signal) => note('save', records.length, inner.save(records, signal)),
    probe: (signal) => note('probe', 0, inner.probe(signal)),
  };
}

/** What is worth a line for each outcome; null for the ones that are not failures. */
function outcomeFields(o: CallOutcome): LogFields | null {
  switch (o.kind) {
    case 'done':
    case 'cancelled':
      return null;
    case 'record-failures': {
      const failed = o.envelope.resultList.filter((r) => (r.resultCode ?? 0) < 0 || (r.httpStatusCode ?? 200) >= 400);
      const codes = [...new Set(failed.map((r) => r.resultCode ?? r.httpStatusCode ?? 0))].sort((a, b) => a - b);
      return {
        status: o.status,
        failed: o.envelope.errorCount ?? failed.length,
        resultCodes: codes.join(','),
      };
    }
    case 'retryable':
      return {
        reason: o.reason,
        ...(o.status === undefined ? {} : { status: o.status }),
        ...(o.retryAfterMs === undefined ? {} : { retryAfterMs: o.retryAfterMs }),
      };
    case 'auth':
    case 'forbidden':
      return { status: o.status };
    case 'fatal':
      return o.status === undefined ? {} : { status: o.status };
    case 'offline':
      return { code: o.code, tls: o.tls };
    case 'unreachable':
      return { reason: o.reason };
  }
}
