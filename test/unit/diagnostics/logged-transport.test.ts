import { describe, expect, it } from 'vitest';
import { createLogger, type LogEntry } from '../../../main/logging/logger.js';
import { loggedTransport } from '../../../main/sending/logged-transport.js';
import type { BatchTransport } from '../../../main/sending/types.js';
import type { CallOutcome } from '../../../main/wasp-api/call-outcome.js';
import type { WaspRecordResult } from '../../../shared/domain/job.js';
import { record } from '../../support/sending-fixtures.js';

/** A transport that answers each call with the next scripted outcome, and the lines it logged. */
function scripted(...outcomes: CallOutcome[]) {
  const entries: LogEntry[] = [];
  const log = createLogger({ sinks: [{ write: (e) => void entries.push(e) }] });
  const next = async () => outcomes.shift() ?? { kind: 'cancelled' as const };
  const inner: BatchTransport = { save: next, probe: next };
  return { transport: loggedTransport(inner, log.child({ site: 'https://acme.example' })), entries };
}

const signal = new AbortController().signal;
const customer = 'CUST-ROW-DATA-4711';
const phone = '+1 415 555 0199';

describe('logged transport', () => {
  it('logs each failed call once with its kind and status, and nothing for successes or cancels', async () => {
    const { transport, entries } = scripted(
      { kind: 'done', status: 200, envelope: envelopeWith([]) },
      { kind: 'retryable', reason: 'server-busy', status: 503, retryAfterMs: 2_000, message: 'busy' },
      { kind: 'offline', code: 'ECONNREFUSED', tls: false, message: 'refused' },
      { kind: 'cancelled' },
      { kind: 'auth', status: 401, message: 'rejected' },
    );
    for (let i = 0; i < 3; i++) await transport.save([record('C1')], signal);
    await transport.probe(signal);
    await transport.save([record('C1'), record('C2')], signal);
    expect(entries.map((e) => [e.level, e.event, e.fields])).toEqual([
      [
        'warn',
        'Wasp call failed',
        {
          site: 'https://acme.example',
          call: 'save',
          records: 1,
          kind: 'retryable',
          reason: 'server-busy',
          status: 503,
          retryAfterMs: 2_000,
        },
      ],
      [
        'warn',
        'Wasp call failed',
        { site: 'https://acme.example', call: 'save', records: 1, kind: 'offline', code: 'ECONNREFUSED', tls: false },
      ],
      [
        'warn',
        'Wasp call failed',
        { site: 'https://acme.example', call: 'save', records: 2, kind: 'auth', status: 401 },
      ],
    ]);
  });

  it("records Wasp refused are counted with their result codes, never with Wasp's text (it quotes the row)", async () => {
    const results: WaspRecordResult[] = [
      {
        message: `Customer '${customer}' not found (${phone})`,
        resultCode: -3,
        httpStatusCode: 422,
        fieldName: customer,
      },
      { message: `Phone type 'Pager' does not exist for ${customer}`, resultCode: -5, httpStatusCode: 422 },
    ];
    const { transport, entries } = scripted({ kind: 'record-failures', status: 200, envelope: envelopeWith(results) });
    await transport.save([record(customer), record('C2'), record('C3')], signal);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      event: 'Wasp refused records',
      fields: { call: 'save', records: 3, status: 200, failed: 2, resultCodes: '-5,-3' },
    });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(customer);
    expect(text).not.toContain('Pager');
    expect(text).not.toContain('0199');
  });
});

function envelopeWith(resultList: WaspRecordResult[]): Extract<CallOutcome, { kind: 'done' }>['envelope'] {
  return {
    hasError: resultList.length > 0,
    resultList,
    messages: [],
    successfulResults: undefined,
    totalResults: undefined,
    errorCount: resultList.length,
  };
}
