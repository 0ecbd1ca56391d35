import { afterEach, describe, expect, it } from 'vitest';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { MAX_ANSWER_BYTES } from '../../../main/wasp-api/capped-body.js';
import { hostileServer, type HostileServer } from '../../support/hostile-server.js';
import { peakRssFromNow } from '../../support/peak-rss.js';

const GIB = 1024 ** 3;
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Streams `total` bytes of a JSON-looking answer, generated chunk by chunk (never held whole), until the client hangs up. */
async function endlessServer(total: number, declareLength: boolean): Promise<{ sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  server = await hostileServer((_call, _req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(declareLength ? { 'Content-Length': String(total) } : {}),
    });
    res.write('{"Messages":[{"Message":"');
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end('"}]}');
    };
    res.on('close', () => undefined);
    pump();
  });
  return { sent: () => sent };
}

const rec = { CustomerNumber: 'C1', PhoneNumber: '5551234567', PhoneExtension: '', PhoneTypeName: 'Office' };

describe('D4: an answer far larger than any Wasp answer', () => {
  it('a 4 GiB streamed answer is cut off at the cap, retried as a server error, and never held in memory', async () => {
    const { sent } = await endlessServer(4 * GIB, false);
    const client = createWaspClient({ site: server!.url, token: 't0k', version: '1.0.0', timeoutMs: 120_000 });
    if (!client.ok) throw new Error(client.error.message);
    const before = process.memoryUsage().rss;
    const peakSinceBefore = peakRssFromNow();
    const outcome = await client.value.save([rec]);
    const peakRss = peakSinceBefore();
    expect(outcome).toMatchObject({
      kind: 'retryable',
      reason: 'server-busy',
      message: expect.stringContaining('larger than 4 MB') as unknown,
    });
    // The client hung up soon after the cap: what the server managed to push into socket buffers is all it sent.
    expect(sent()).toBeLessThan(64 * 1024 * 1024);
    process.stdout.write(
      `[D4] 4 GiB answer: server sent ${(sent() / 1024 / 1024).toFixed(1)} MB before the hang-up; RSS before ${(before / 1024 / 1024).toFixed(0)} MB, peak RSS of this test process ${(peakRss / 1024 / 1024).toFixed(0)} MB\n`,
    );
    expect(peakRss).toBeLessThan(before + 256 * 1024 * 1024);
  });

  it('a Content-Length over the cap is refused before the body is read', async () => {
    const { sent } = await endlessServer(4 * GIB, true);
    const client = createWaspClient({ site: server!.url, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    const outcome = await client.value.save([rec]);
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'server-busy' });
    expect(sent()).toBeLessThan(64 * 1024 * 1024);
  });

  it('an answer just over the cap is refused, one at the cap is read', async () => {
    const body = (n: number) =>
      `{"HasError":false,"Data":{"ResultList":[],"TotalResults":1,"SuccessfullResults":1,"ErrorCount":0},"Messages":[{"Message":"${' '.repeat(n)}"}]}`;
    const skeleton = body(0).length;
    let size = MAX_ANSWER_BYTES + 1;
    server = await hostileServer((_c, _r, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body(size - skeleton)),
    );
    const client = createWaspClient({ site: server.url, token: 't0k', version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    expect((await client.value.save([rec])).kind).toBe('retryable');
    size = MAX_ANSWER_BYTES;
    expect((await client.value.save([rec])).kind).toBe('done');
  });
});
