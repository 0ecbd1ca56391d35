import { afterEach, describe, expect, it } from 'vitest';
import { attributeResults } from '../../../main/sending/attribute.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { runSend } from '../../../main/sending/send-run.js';
import type { ItemOutcome, SendItem } from '../../../main/sending/types.js';
import { DEFAULT_SEND_OPTIONS } from '../../../main/sending/types.js';
import { hostileServer, type HostileServer } from '../../support/hostile-server.js';
import { envelope as env, FAST, record } from '../../support/sending-fixtures.js';

const recs = (n: number) => Array.from({ length: n }, (_, i) => record(`C${i + 1}`));

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('D6: totals that do not add up with what was sent', () => {
  it('TotalResults 5, SuccessfullResults 5, no errors, for 10 records: none is counted saved', () => {
    const verdicts = attributeResults(recs(10), env({ totalResults: 5, successfulResults: 5, errorCount: 0 }));
    expect(verdicts.filter((v) => v?.status === 'saved')).toHaveLength(0);
    expect(verdicts.every((v) => v === undefined)).toBe(true);
  });

  it.each([
    ['more successes than records', { totalResults: 10, successfulResults: 12, errorCount: 0 }],
    ['successes and errors that do not make the total', { totalResults: 10, successfulResults: 9, errorCount: 0 }],
    ['no total, too few successes', { successfulResults: 7 }],
  ])('%s: nothing is counted saved', (_name, totals) => {
    expect(attributeResults(recs(10), env(totals)).some((v) => v?.status === 'saved')).toBe(false);
  });

  it('a named failure is still a failure when the totals are off; the rest stay unknown', () => {
    const verdicts = attributeResults(
      recs(4),
      env({
        hasError: true,
        totalResults: 3,
        successfulResults: 2,
        errorCount: 1,
        resultList: [{ message: "Customer 'C2' not found", resultCode: -1, httpStatusCode: 404, fieldName: 'C2' }],
      }),
    );
    expect(verdicts[1]?.status).toBe('failed');
    expect(verdicts.filter((v) => v?.status === 'saved')).toHaveLength(0);
  });

  it('totals that add up still save everything', () => {
    expect(
      attributeResults(recs(10), env({ totalResults: 10, successfulResults: 10, errorCount: 0 })).every(
        (v) => v?.status === 'saved',
      ),
    ).toBe(true);
  });

  it('through a server that only ever processes 5 records a call: re-sent in halves, saved only on answers that add up', async () => {
    server = await hostileServer((call, _req, res) => {
      const processed = Math.min(5, call.records.length);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          HasError: false,
          Messages: [],
          Data: { ResultList: [], SuccessfullResults: processed, TotalResults: processed, ErrorCount: 0 },
        }),
      );
    });
    const client = createWaspClient({ site: server.url, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    const items: SendItem[] = recs(10).map((r, id) => ({ id, record: r }));
    const outcomes: ItemOutcome[] = [];
    const end = await runSend({
      items,
      transport: { save: (r, s) => client.value.save(r, s), probe: (s) => client.value.probe(s) },
      hooks: { commit: async (o) => void outcomes.push(...o), status: () => {} },
      options: { ...DEFAULT_SEND_OPTIONS, ...FAST },
      signal: new AbortController().signal,
    });
    expect(end.kind).toBe('done');
    expect(server.calls.map((c) => c.records.length)).toEqual([10, 5, 5]);
    expect(
      outcomes
        .filter((o) => o.status === 'saved')
        .map((o) => o.id)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a single record the answer does not account for is failed with words that say so, never saved', async () => {
    server = await hostileServer((_call, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          HasError: false,
          Messages: [],
          Data: { ResultList: [], SuccessfullResults: 0, TotalResults: 0, ErrorCount: 0 },
        }),
      );
    });
    const client = createWaspClient({ site: server.url, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    const outcomes: ItemOutcome[] = [];
    await runSend({
      items: [{ id: 0, record: record('C1') }],
      transport: { save: (r, s) => client.value.save(r, s), probe: (s) => client.value.probe(s) },
      hooks: { commit: async (o) => void outcomes.push(...o), status: () => {} },
      options: { ...DEFAULT_SEND_OPTIONS, ...FAST },
      signal: new AbortController().signal,
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/did not account for this record/) as unknown,
    });
  });
});
