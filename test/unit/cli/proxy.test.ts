import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, lastJson, runCli } from '../../support/cli-runner.js';
import { branchSheet } from '../../support/branch-sheet.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import type { JsonSummary } from '../../../main/cli/json-summary.js';

/**
 * An office behind a proxy: the CLI reads HTTPS_PROXY and opens a CONNECT tunnel through it; TLS runs
 * inside the tunnel, so the proxy sees the host name and encrypted bytes, never the token. The site's
 * name ends in .invalid (it can never resolve): the only way to it is through the proxy, which the
 * test runs on 127.0.0.1 and which sends every tunnel to the https front of the simulator, also on
 * 127.0.0.1. The front's certificate is made for the test and trusted with NODE_EXTRA_CA_CERTS.
 */
const TOKEN = 'proxy-test-token-7f3c9a';
const SITE_HOST = 'acme.wasp-proxy-test.invalid';
const opensslMissing =
  existsSync('/usr/bin/openssl') || existsSync('/usr/local/bin/openssl')
    ? null
    : 'openssl is needed to make the test certificate';

interface Tunnel {
  target: string;
  bytesFromClient: Buffer[];
}

let dir: string;
let sim: Simulator;
let front: Server;
let proxy: Server;
let proxyUrl: string;
let frontPort: number;
const tunnels: Tunnel[] = [];
const plainRequests: string[] = [];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  if (opensslMissing) return;
  await buildCli();
  dir = await mkdtemp(join(tmpdir(), 'wasp-proxy-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SITE_HOST}`,
      '-addext',
      `subjectAltName=DNS:${SITE_HOST}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  sim = await startSimulator({ tokens: [TOKEN] });
  const simUrl = new URL(sim.url);
  // The site over https: a TLS front that hands each request to the simulator.
  front = createHttpsServer(
    { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) },
    (req, res) => {
      const upstream = httpRequest(
        {
          host: simUrl.hostname,
          port: simUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: simUrl.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    },
  );
  frontPort = await listen(front);
  // The office proxy: CONNECT only, every tunnel to the front; records what passes through it.
  proxy = createHttpServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`);
    res.writeHead(405).end();
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    const tunnel: Tunnel = { target: req.url ?? '', bytesFromClient: [head] };
    tunnels.push(tunnel);
    const server = connect(frontPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      server.write(head);
      client.on('data', (chunk: Buffer) => tunnel.bytesFromClient.push(chunk));
      client.pipe(server).pipe(client);
    });
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
}, 60_000);

afterAll(async () => {
  if (opensslMissing) return;
  proxy.closeAllConnections?.();
  front.closeAllConnections?.();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => front.close(resolve));
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the CLI behind an office proxy', () => {
  it.skipIf(opensslMissing)(
    'sends a job through a CONNECT proxy named in HTTPS_PROXY; the proxy never sees the token',
    async () => {
      if (opensslMissing) console.log(`SKIPPED proxy test: ${opensslMissing}`);
      const sheet = join(dir, 'phones.xlsx');
      await writeFile(sheet, branchSheet(12, 0).bytes);
      const site = `https://${SITE_HOST}:${frontPort}`;
      const r = await runCli(['import', sheet, '--site', site, '--json', '--data-dir', join(dir, 'data')], {
        WASP_TOKEN: TOKEN,
        HTTPS_PROXY: proxyUrl,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      });
      expect(r.code, r.stderr).toBe(0);
      const summary = lastJson<JsonSummary>(r.stdout);
      expect(summary.saved).toBe(12);
      expect(sim.savedCount()).toBe(12);

      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels.map((t) => t.target))).toEqual(new Set([`${SITE_HOST}:${frontPort}`]));
      expect(plainRequests).toEqual([]);
      const seen = Buffer.concat(tunnels.flatMap((t) => t.bytesFromClient));
      expect(seen.length).toBeGreaterThan(1000); // a TLS handshake and encrypted records went through
      expect(seen.includes(Buffer.from(TOKEN))).toBe(false);
      expect(seen.includes(Buffer.from('Bearer'))).toBe(false);
    },
  );

  it.skipIf(opensslMissing)('never sends loopback traffic (the Sandbox, a local simulator) to the proxy', async () => {
    const sheet = join(dir, 'phones-local.xlsx');
    await writeFile(sheet, branchSheet(4, 0).bytes);
    const before = { tunnels: tunnels.length, plain: plainRequests.length, calls: sim.inspect().log.length };
    const r = await runCli(['import', sheet, '--site', sim.url, '--json', '--data-dir', join(dir, 'data-local')], {
      WASP_TOKEN: TOKEN,
      HTTPS_PROXY: proxyUrl,
      HTTP_PROXY: proxyUrl,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson<JsonSummary>(r.stdout).saved).toBe(4);
    expect(sim.inspect().log.length).toBeGreaterThan(before.calls); // it reached the simulator directly
    expect({ tunnels: tunnels.length, plain: plainRequests.length }).toEqual({
      tunnels: before.tunnels,
      plain: before.plain,
    });
  });

  it.skipIf(opensslMissing)(
    'without HTTPS_PROXY the same site cannot be reached (so the job above really went through the proxy)',
    async () => {
      const sheet = join(dir, 'phones2.xlsx');
      await writeFile(sheet, branchSheet(3, 0).bytes);
      const before = tunnels.length;
      const r = await runCli(
        ['import', sheet, '--site', `https://${SITE_HOST}:${frontPort}`, '--json', '--data-dir', join(dir, 'data2')],
        {
          WASP_TOKEN: TOKEN,
          NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
        },
      );
      expect(r.code).toBe(4); // server unreachable: the job stays queued
      expect(tunnels.length).toBe(before);
    },
  );
});
