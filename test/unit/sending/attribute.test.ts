import { describe, expect, it } from 'vitest';
import { attributeResults } from '../../../main/sending/attribute.js';
import { AdaptiveLimit } from '../../../main/sending/adaptive-limit.js';
import { chunk, halves } from '../../../main/sending/batching.js';
import { envelope as env, record } from '../../support/sending-fixtures.js';

const statuses = (a: ReturnType<typeof attributeResults>) => a.map((x) => x?.status ?? '?');

describe('attributeResults', () => {
  const recs = [record('C1', 'Office'), record('C1', 'Mobile'), record('C2', 'Office'), record('C3', 'Fax')];

  it('no error anywhere: all saved, keeping warnings that line up', () => {
    const a = attributeResults(
      recs,
      env({ resultList: [{}, { httpStatusCode: 207, message: 'Number reformatted' }, {}, {}] }),
    );
    expect(statuses(a)).toEqual(['saved', 'saved', 'saved', 'saved']);
    expect(a[1]).toEqual({
      status: 'saved',
      message: 'Number reformatted',
      wasp: { httpStatusCode: 207, message: 'Number reformatted' },
    });
  });

  it('one entry per record: by position', () => {
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 1,
        resultList: [
          { resultCode: 0 },
          { resultCode: 0 },
          { resultCode: -2, httpStatusCode: 404, message: "Customer 'C2' not found." },
          { resultCode: 0 },
        ],
      }),
    );
    expect(statuses(a)).toEqual(['saved', 'saved', 'failed', 'saved']);
    expect(a[2]).toMatchObject({ message: "Customer 'C2' not found.", wasp: { httpStatusCode: 404, resultCode: -2 } });
  });

  it('a full-length list whose failures name other records is not trusted by position', () => {
    // Four entries for four records, but the failure at position 0 names C3: the list is not in request order.
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 1,
        resultList: [{ resultCode: -3, message: "Phone type 'Fax' does not exist for C3" }, {}, {}, {}],
      }),
    );
    expect(statuses(a)).toEqual(['saved', 'saved', 'saved', 'failed']);
  });

  it('failures only, key in FieldName, narrowed by phone type among records of one customer', () => {
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 1,
        resultList: [{ resultCode: -3, fieldName: 'C1', message: "Phone type 'Mobile' does not exist." }],
      }),
    );
    expect(statuses(a)).toEqual(['saved', 'failed', 'saved', 'saved']);
  });

  it('key match respects token boundaries (C1 is not C10)', () => {
    const r = [record('C10'), record('C1')];
    const a = attributeResults(
      r,
      env({ hasError: true, errorCount: 1, resultList: [{ resultCode: -2, message: "Customer 'C1' not found." }] }),
    );
    expect(statuses(a)).toEqual(['saved', 'failed']);
  });

  it('as many failures as records of the named customer: all of them failed', () => {
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 2,
        resultList: [
          { resultCode: -2, message: "Customer 'C1' not found." },
          { resultCode: -2, message: "Customer 'C1' not found." },
        ],
      }),
    );
    expect(statuses(a)).toEqual(['failed', 'failed', 'saved', 'saved']);
  });

  it('one failure naming a customer with two records: those two are unknown, the rest saved', () => {
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 1,
        resultList: [{ resultCode: -1, fieldName: 'C1', message: 'Something failed.' }],
      }),
    );
    expect(statuses(a)).toEqual(['?', '?', 'saved', 'saved']);
  });

  it('failures without a key: everything unknown', () => {
    const a = attributeResults(
      recs,
      env({ hasError: true, errorCount: 1, resultList: [{ resultCode: -2, message: 'Customer not found.' }] }),
    );
    expect(statuses(a)).toEqual(['?', '?', '?', '?']);
  });

  it('ErrorCount larger than the entries listed: the unlisted errors make the rest unknown', () => {
    const a = attributeResults(
      recs,
      env({ hasError: true, errorCount: 2, resultList: [{ resultCode: -2, message: "Customer 'C2' not found." }] }),
    );
    expect(statuses(a)).toEqual(['?', '?', 'failed', '?']);
  });

  it('HasError with nothing else: unknown', () => {
    expect(statuses(attributeResults(recs, env({ hasError: true })))).toEqual(['?', '?', '?', '?']);
  });

  it('keys found in Messages when ResultList is empty; phone numbers work as keys', () => {
    const a = attributeResults(
      recs,
      env({
        hasError: true,
        errorCount: 1,
        messages: [{ resultCode: -4, message: `Invalid phone ${recs[3]!.PhoneNumber}` }],
      }),
    );
    expect(statuses(a)).toEqual(['saved', 'saved', 'saved', 'failed']);
  });
});

describe('batching helpers', () => {
  it('chunks at most 500 and clamps the size', () => {
    expect(chunk(Array.from({ length: 1234 }), 500).map((c) => c.length)).toEqual([500, 500, 234]);
    expect(chunk(Array.from({ length: 1234 }), 9999).map((c) => c.length)).toEqual([500, 500, 234]);
    expect(chunk([1, 2, 3], 0).map((c) => c.length)).toEqual([1, 1, 1]);
    expect(halves([1, 2, 3])).toEqual([[1, 2], [3]]);
  });
  it('the concurrency limit halves on 429 and grows slowly', () => {
    const l = new AdaptiveLimit(8, 8);
    l.throttled();
    expect(l.current).toBe(4);
    l.throttled();
    expect(l.current).toBe(2);
    for (let i = 0; i < 3; i++) l.success();
    expect(l.current).toBe(2);
    l.success();
    expect(l.current).toBe(3);
    for (let i = 0; i < 100; i++) l.success();
    // Not back to 8: the level last throttled (3 after 2) stays a ceiling for a while.
    expect(l.current).toBe(3);
    l.throttled();
    l.throttled();
    l.throttled();
    l.throttled();
    expect(l.current).toBe(1);
  });
});
