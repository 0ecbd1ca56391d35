import { describe, expect, it } from 'vitest';
import { envelopeReportsErrors, parseEnvelope, parseEnvelopeText } from '../../../main/wasp-api/envelope.js';
import { classifyResponse } from '../../../main/wasp-api/call-outcome.js';
import { backoffDelayMs, retryDelayMs, serverRequestedDelayMs } from '../../../main/wasp-api/retry-delay.js';
import { envelope } from '../../support/sending-fixtures.js';

const h = (o: Record<string, string> = {}) => new Headers(o);

describe('envelope parser', () => {
  it('reads the published sample', () => {
    const e = parseEnvelope({
      Data: {
        ResultList: [{ ResultCode: 0, Message: 'ok', HttpStatusCode: 200, FieldName: 'x' }],
        SuccessfullResults: 1,
        TotalResults: 1,
        ErrorCount: 0,
      },
      Messages: [],
      BatchNumber: 1,
      HasError: false,
      HasHttpError: false,
      HasMessage: true,
      HasSuccessWithMoreDataRemaining: false,
      TotalRecordsLongCount: 1,
    });
    expect(e).toEqual({
      hasError: false,
      resultList: [{ resultCode: 0, message: 'ok', httpStatusCode: 200, fieldName: 'x' }],
      messages: [],
      successfulResults: 1,
      totalResults: 1,
      errorCount: 0,
    });
  });

  it('tolerates nulls, missing fields, camelCase, strings for numbers and the corrected spelling', () => {
    expect(parseEnvelope({ Data: null, Messages: null, HasError: null })).toEqual({
      hasError: false,
      resultList: [],
      messages: [],
      successfulResults: undefined,
      totalResults: undefined,
      errorCount: undefined,
    });
    const e = parseEnvelope({
      data: {
        resultList: [null, 3, { resultCode: '-2', message: null, httpStatusCode: 404, fieldName: 7 }],
        SuccessfulResults: '4',
        errorCount: 1,
      },
      hasError: 'true',
    });
    expect(e).toEqual({
      hasError: true,
      resultList: [{ resultCode: -2, httpStatusCode: 404, fieldName: '7' }],
      messages: [],
      successfulResults: 4,
      totalResults: undefined,
      errorCount: 1,
    });
    expect(parseEnvelopeText('\ufeff{"HasError":false}')?.hasError).toBe(false);
  });

  it('refuses things that are not an envelope', () => {
    for (const text of ['', '<html>502</html>', '[]', '{}', '{"foo":1}', 'null', '{"Data": ['])
      expect(parseEnvelopeText(text)).toBeNull();
  });

  it('sees errors in any of the places Wasp can put them', () => {
    const base = envelope();
    expect(envelopeReportsErrors(base)).toBe(false);
    expect(envelopeReportsErrors({ ...base, hasError: true })).toBe(true);
    expect(envelopeReportsErrors({ ...base, errorCount: 2 })).toBe(true);
    expect(envelopeReportsErrors({ ...base, resultList: [{ resultCode: -1 }] })).toBe(true);
    expect(envelopeReportsErrors({ ...base, resultList: [{ httpStatusCode: 300 }] })).toBe(true);
    expect(envelopeReportsErrors({ ...base, resultList: [{ httpStatusCode: 207, message: 'warning' }] })).toBe(false);
    expect(envelopeReportsErrors({ ...base, successfulResults: 2, totalResults: 3 })).toBe(true);
  });
});

describe('classifyResponse', () => {
  const okBody = JSON.stringify({
    Data: { ResultList: [], SuccessfullResults: 1, TotalResults: 1, ErrorCount: 0 },
    HasError: false,
  });
  it('200 alone is not success', () => {
    expect(classifyResponse(200, h(), '').kind).toBe('retryable');
    expect(classifyResponse(200, h(), '<html>Sign in</html>')).toMatchObject({
      kind: 'retryable',
      reason: 'unparseable',
    });
    expect(classifyResponse(200, h(), okBody).kind).toBe('done');
    expect(classifyResponse(200, h(), JSON.stringify({ HasError: true })).kind).toBe('record-failures');
  });
  it('maps statuses to kinds', () => {
    expect(classifyResponse(401, h(), '').kind).toBe('auth');
    expect(
      classifyResponse(403, h(), JSON.stringify({ Messages: [{ Message: 'Needs Update Customer' }], HasError: true })),
    ).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('Needs Update Customer') as unknown });
    for (const s of [429, 502, 503, 504, 500]) expect(classifyResponse(s, h(), '').kind).toBe('retryable');
    for (const s of [400, 404, 405, 413, 422]) expect(classifyResponse(s, h(), '').kind).toBe('fatal');
    expect(classifyResponse(429, h({ 'wasp-overloadprotection-reset': '7' }), '')).toMatchObject({
      reason: 'rate-limited',
      retryAfterMs: 7_000,
    });
    expect(classifyResponse(503, h({ 'Retry-After': '3' }), '')).toMatchObject({
      reason: 'server-busy',
      retryAfterMs: 3_000,
    });
  });
});

describe('retry delays', () => {
  const policy = { baseMs: 1_000, capMs: 8_000, maxServerWaitMs: 60_000 };
  it('prefers the Wasp header, then Retry-After seconds or date', () => {
    expect(serverRequestedDelayMs(h({ 'wasp-overloadprotection-reset': '2', 'retry-after': '9' }))).toBe(2_000);
    expect(serverRequestedDelayMs(h({ 'retry-after': '1.5' }))).toBe(1_500);
    expect(serverRequestedDelayMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(serverRequestedDelayMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryDelayMs(600_000, 1, policy)).toBe(60_000);
  });
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(4_000);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(8_000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(4_000);
  });
});
