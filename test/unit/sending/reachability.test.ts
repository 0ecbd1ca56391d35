import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { JobService, JobServiceOptions } from '../../../main/jobs/job-service.js';
import { startSimulator } from '../../../main/simulator/simulator.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { reachabilityTransport, classifyReachability } from '../../../main/wasp-api/reachability.js';
import { reportTable } from '../../../main/report/job-report.js';
import { eventually, FAST, job, rows } from '../../support/sending-fixtures.js';
import { progressWhere, useQueueFixture } from '../../support/queue-fixture.js';
import { loopbackOnlyFetch } from '../../support/loopback-fetch.js';

/*
 * Issue 14, items 3 and 5: a wrong address is not "Offline", and a job can move to another site.
 * Name resolution never leaves the machine here: loopbackOnlyFetch refuses non-loopback names the way
 * Node's fetch does when getaddrinfo fails (no query is sent), and "does DNS work" is answered by
 * resolving localhost, which /etc/hosts serves.
 */

const TYPO = 'https://acme.waspinventorycloud.invalid';
const dnsWorks = async () =>
  await lookup('localhost').then(
    () => true,
    () => false,
  );
const dnsDown = async () => false;

const q = useQueueFixture({
  version: '9.9.9',
  owner: 'app',
  send: { ...FAST, maxAttempts: 2 },
  fetch: loopbackOnlyFetch,
});
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A queue whose jobs tell a wrong address from a lost network with this answer to "does DNS work". */
function service(resolves: () => Promise<boolean>, extra: Partial<JobServiceOptions> = {}): Promise<JobService> {
  return q.service({ transport: (site, inner) => reachabilityTransport(site, inner, resolves), ...extra });
}

/** A loopback server that is not Wasp: 404 with an HTML page for every request. */
async function notWasp(): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not found</body></html>');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`;
}

describe('unreachable is not offline', () => {
  it('a host name that does not exist while other names resolve stops the job as unreachable, with the address in the words', async () => {
    const s = await service(dnsWorks);
    const created = await s.createJob(job(TYPO, rows(5)));
    if (!created.ok) throw new Error(created.error.message);
    await s.whenSettled(created.value.id);
    const [j] = s.listJobs();
    expect(j).toMatchObject({ state: 'unreachable', counts: { pending: 5 } });
    expect(j!.stateMessage).toBe(
      'The address acme.waspinventorycloud.invalid could not be found: check it on Connect. Other sites can be reached, so the network is working; the name is probably mistyped.',
    );
  });

  it('when no name resolves at all, the same failure is Offline and the job waits', async () => {
    const client = createWaspClient({ site: TYPO, token: 't', version: '1', fetch: loopbackOnlyFetch });
    if (!client.ok) throw new Error('client');
    const raw = await client.value.probe();
    expect(raw).toMatchObject({ kind: 'offline', code: 'ENOTFOUND' });
    expect(await classifyReachability(raw, TYPO, dnsDown)).toEqual(raw);
    expect(await classifyReachability(raw, TYPO, dnsWorks)).toMatchObject({ kind: 'unreachable', reason: 'not-found' });
  });

  it('a certificate failure is its own state, never Offline', async () => {
    const tls = {
      kind: 'offline' as const,
      code: 'CERT_HAS_EXPIRED',
      tls: true,
      message:
        "The site's security certificate has expired, so the connection is not safe. Check the address, or ask your IT team.",
    };
    const o = await classifyReachability(tls, 'https://acme.example.com', dnsDown);
    expect(o).toMatchObject({ kind: 'unreachable', reason: 'tls' });
    expect(o.kind === 'unreachable' && o.message).toMatch(
      /^The secure connection to acme\.example\.com failed: its security certificate has expired.*Check the address on Connect/,
    );
  });

  it("an HTTP answer that is not Wasp's (404 HTML) stops the job as unreachable, not stopped or offline", async () => {
    const site = await notWasp();
    const s = await service(dnsWorks);
    const created = await s.createJob(job(site, rows(3)));
    if (!created.ok) throw new Error(created.error.message);
    await s.whenSettled(created.value.id);
    expect(s.listJobs()[0]).toMatchObject({ state: 'unreachable', counts: { pending: 3 } });
    expect(s.listJobs()[0]!.stateMessage).toMatch(
      /answered, but not like Wasp InventoryCloud \(HTTP 404 where Wasp's API should be\): check the address on Connect/,
    );
  });
});

describe('moving a job to another site', () => {
  it('an unreachable job moved to a working site goes on; its journal keeps the move across a restart', async () => {
    const s = await service(dnsWorks);
    const created = await s.createJob(job(TYPO, rows(4)));
    if (!created.ok) throw new Error(created.error.message);
    await s.whenSettled(created.value.id);
    const moved = await s.moveJob(created.value.id, q.sim.url);
    expect(moved.ok && moved.value.site).toBe(q.sim.url);
    await s.whenSettled(created.value.id);
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', site: q.sim.url, counts: { saved: 4, pending: 0 } });
    expect(q.sim.savedCount()).toBe(4);
    await s.close();
    q.forgetServices();
    const again = await service(dnsWorks, { autoStart: false });
    expect(again.listJobs()[0]).toMatchObject({ site: q.sim.url, state: 'done' });
  });

  it("a stopped job, partly saved on one site, moves; saved rows stay with the old site and the report names each row's site", async () => {
    const other = await startSimulator({ latencyMs: 150 });
    try {
      const s = await service(dnsWorks, { send: { ...FAST, batchSize: 2 } });
      const created = await s.createJob(job(other.url, rows(6)));
      if (!created.ok) throw new Error(created.error.message);
      const id = created.value.id;
      // Recorded by the job (not only saved by the server) before it is stopped.
      await progressWhere(s, (p) => p.counts.saved >= 2);
      await s.cancel(id);
      const stopped = s.listJobs()[0]!;
      expect(stopped.state).toBe('stopped');
      const savedBefore = stopped.counts.saved;
      expect(savedBefore).toBeGreaterThan(0);
      expect(stopped.counts.pending).toBeGreaterThan(0);

      const moved = await s.moveJob(id, q.sim.url);
      if (!moved.ok) throw new Error(moved.error.message);
      // A stopped job stays stopped until resumed.
      expect(moved.value).toMatchObject({ state: 'stopped', site: q.sim.url });
      await s.resume(id);
      await s.whenSettled(id);
      expect(s.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 6, pending: 0 } });
      expect(q.sim.savedCount()).toBe(6 - savedBefore);

      const detail = await s.getJob(id);
      if (!detail.ok) throw new Error(detail.error.message);
      const table = reportTable(detail.value);
      expect(table[0]!.at(-1)).toBe('Site');
      const sites = table.slice(1).map((r) => r.at(-1));
      expect(sites.filter((x) => x === other.url)).toHaveLength(savedBefore);
      expect(sites.filter((x) => x === q.sim.url)).toHaveLength(6 - savedBefore);
    } finally {
      await other.close();
    }
  });

  it('a job waiting offline for its site stops waiting when moved and is sent to the new site', async () => {
    const { closedPort } = await import('../../support/cli-fixtures.js');
    const down = `http://127.0.0.1:${await closedPort()}`;
    const s = await service(dnsWorks);
    const created = await s.createJob(job(down, rows(3)));
    if (!created.ok) throw new Error(created.error.message);
    await progressWhere(s, (p) => p.state === 'offline');
    const moved = await s.moveJob(created.value.id, q.sim.url);
    expect(moved.ok).toBe(true);
    await s.whenSettled(created.value.id);
    expect(s.listJobs()[0]).toMatchObject({ state: 'done', site: q.sim.url, counts: { saved: 3, pending: 0 } });
  });

  it('refuses to move a job that is sending, or one with nothing left to send', async () => {
    const slow = await startSimulator({ latencyMs: 300 });
    try {
      const s = await service(dnsWorks, { send: { ...FAST, batchSize: 1 } });
      const created = await s.createJob(job(slow.url, rows(3)));
      if (!created.ok) throw new Error(created.error.message);
      await eventually(() => slow.inspect().recordCalls >= 1, 5_000, 'the first call to reach the server');
      const busy = await s.moveJob(created.value.id, q.sim.url);
      expect(busy.ok || busy.error.message).toMatch(/pause it before moving/);
      await s.whenSettled(created.value.id);
      const done = await s.moveJob(created.value.id, q.sim.url);
      expect(done.ok || done.error.message).toMatch(/nothing left to send/);
    } finally {
      await slow.close();
    }
  });
});
