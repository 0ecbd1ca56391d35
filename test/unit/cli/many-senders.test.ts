import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { buildCli, lastJson, runCli, startCli, type CliResult } from '../../support/cli-runner.js';
import { closedPort, listJobsViaCli, tempDir, waitFor, writeSheet } from '../../support/cli-fixtures.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { openCoreWithIpc } from '../../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import type { JsonSummary } from '../../../main/cli/json-summary.js';

/*
 * The CLI's contract with other senders, driven as child processes against simulators on 127.0.0.1:
 * `resume` and WASP_TOKEN (issue 14, item 1) and several senders on one data folder (item 2).
 */

const TOKEN = 'many-senders-token-1234';
const env = { WASP_TOKEN: TOKEN };
/** No Secret Service: the keychain has no token for any site. */
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };

let root: string;
const sims: Simulator[] = [];
let n = 0;

async function sim(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator({ tokens: [TOKEN], ...options });
  sims.push(s);
  return s;
}

/** A sheet of `rows` customers whose numbers start with `prefix`, so each sheet's records are its own. */
async function sheet(prefix: string, rows: number): Promise<string> {
  const data: string[][] = [['Customer Number', 'Phone', 'Phone Type']];
  for (let i = 0; i < rows; i++) data.push([`${prefix}${100 + i}`, `555-03${String(i).padStart(2, '0')}`, 'Office']);
  return writeSheet(root, `${prefix}-${++n}.xlsx`, { Phones: data });
}

const dataDir = () => join(root, `data-${++n}`);

function summaryOf(r: CliResult): JsonSummary {
  const s = lastJson<JsonSummary>(r.stdout);
  expect(s.total).toBe(s.saved + s.failed + s.invalid + s.skipped + s.pending);
  return s;
}

/** Every record the simulator holds was written exactly once, and there are `count` of them. */
/** Queues (--queue-only) a 3-row sheet per site into one data folder, rows named by each prefix. */
async function queueThreeRowsEach(dir: string, ...sites: Array<readonly [Simulator, string]>): Promise<void> {
  for (const [s, prefix] of sites) {
    const q = await runCli(['import', await sheet(prefix, 3), '--queue-only', '--site', s.url, '--data-dir', dir], env);
    expect(q.code, q.stderr).toBe(0);
  }
}

function savedOnce(s: Simulator, count: number): void {
  const saved = s.inspect().saved;
  expect(saved).toHaveLength(count);
  expect(saved.filter((p) => p.writes !== 1)).toEqual([]);
}

beforeAll(async () => {
  await buildCli();
  root = await tempDir('wasp-many-');
}, 120_000);

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resume and WASP_TOKEN', () => {
  it('a one-site folder: WASP_TOKEN is used for that site without --site (exit 0)', async () => {
    const s = await sim();
    const dir = dataDir();
    const queued = await runCli(
      ['import', await sheet('A', 4), '--queue-only', '--site', s.url, '--json', '--data-dir', dir],
      env,
    );
    expect(queued.code, queued.stderr).toBe(0);
    const r = await runCli(['resume', '--json', '--data-dir', dir], { ...env, ...noKeychain });
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({ jobId: summaryOf(queued).jobId, saved: 4, pending: 0 });
    savedOnce(s, 4);
  });

  it('a two-site folder without --site: keychain tokens only, exit 3 naming each site without one; WASP_TOKEN reaches no one', async () => {
    const one = await sim();
    const two = await sim();
    const dir = dataDir();
    await queueThreeRowsEach(dir, [one, 'B'], [two, 'C']);
    const r = await runCli(['resume', '--json', '--data-dir', dir], { ...env, ...noKeychain });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`no token for ${new URL(one.url).origin}`);
    expect(r.stderr).toContain(`no token for ${new URL(two.url).origin}`);
    expect(r.stderr).toMatch(/WASP_TOKEN was not used: the unfinished jobs belong to 2 sites/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(summaryOf(r)).toMatchObject({ jobId: null, total: 6, pending: 6, saved: 0 });
    expect(one.inspect().calls + two.inspect().calls).toBe(0);
  });

  it('a two-site folder with --site: WASP_TOKEN goes to that site and only its jobs are resumed (exit 0)', async () => {
    const one = await sim();
    const two = await sim();
    const dir = dataDir();
    await queueThreeRowsEach(dir, [one, 'D'], [two, 'E']);
    const r = await runCli(['resume', '--site', one.url, '--json', '--data-dir', dir], { ...env, ...noKeychain });
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({ total: 3, saved: 3, pending: 0 });
    savedOnce(one, 3);
    // The other tenant's server never saw a call, so never saw the token.
    expect(two.inspect().calls).toBe(0);
    const jobs = await listJobsViaCli(dir);
    expect(jobs.find((j) => j.site === new URL(two.url).origin)).toMatchObject({
      state: 'queued',
      counts: { pending: 3 },
    });

    const second = await runCli(['resume', '--site', two.url, '--json', '--data-dir', dir], { ...env, ...noKeychain });
    expect(second.code, second.stderr).toBe(0);
    savedOnce(two, 3);
  });

  it("a job id with another --site is a usage error that names the job's site", async () => {
    const one = await sim();
    const two = await sim();
    const dir = dataDir();
    const q = await runCli(
      ['import', await sheet('F', 2), '--queue-only', '--site', one.url, '--json', '--data-dir', dir],
      env,
    );
    const r = await runCli(['resume', summaryOf(q).jobId!.slice(0, 8), '--site', two.url, '--data-dir', dir], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`sends to ${new URL(one.url).origin}, not to --site`);
  });
});

describe('unreachable is not offline (CLI)', () => {
  it('an address that answers but is not Wasp exits 4 with words naming the address, and the job is kept', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>nothing here</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    const site = `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`;
    try {
      const dir = dataDir();
      const r = await runCli(['import', await sheet('U', 3), '--site', site, '--json', '--data-dir', dir], env);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(
        `${new URL(site).host} answered, but not like Wasp InventoryCloud (HTTP 404 where Wasp's API should be): check the address on Connect`,
      );
      expect(r.stderr).not.toMatch(/Offline|network is back/);
      expect(summaryOf(r)).toMatchObject({ pending: 3, saved: 0 });
      expect((await listJobsViaCli(dir))[0]).toMatchObject({ state: 'unreachable', counts: { pending: 3 } });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('--help documents the WASP_TOKEN rules for resume and the waiting for other senders', async () => {
    const r = await runCli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('resume [JOB_ID] [--site URL] [--json]');
    expect(r.stdout).toMatch(/'resume' uses it for --site URL \(which also limits the resume to that site's jobs\)/);
    expect(r.stdout).toMatch(/WASP_TOKEN is not used[^]*exit 3 naming every site that has\s+no token/);
    expect(r.stdout).toMatch(/queues its job there and waits/);
  });
});

describe('one queue, many senders', () => {
  it('two imports started at once into one folder, to two sites, both exit 0 and every row is saved once', async () => {
    const one = await sim({ latencyMs: 120 });
    const two = await sim({ latencyMs: 120 });
    const dir = dataDir();
    const runs = [
      startCli(
        ['import', await sheet('G', 8), '--site', one.url, '--batch-size', '2', '--json', '--data-dir', dir],
        env,
      ),
      startCli(
        ['import', await sheet('H', 8), '--site', two.url, '--batch-size', '2', '--json', '--data-dir', dir],
        env,
      ),
    ];
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(summaryOf(r)).toMatchObject({ total: 8, saved: 8, pending: 0 });
      expect(r.stderr).not.toMatch(/already using this data folder|Close it first/);
    }
    // Each run reports its own job.
    expect(new Set(results.map((r) => summaryOf(r).jobId)).size).toBe(2);
    // One of them found the folder busy and waited for it instead of failing.
    expect(results.filter((r) => /is sending from this data folder/.test(r.stderr))).toHaveLength(1);
    savedOnce(one, 8);
    savedOnce(two, 8);
  });

  it('three imports started at once into one folder, to two sites, all exit 0 with their own --report; every row saved once', async () => {
    const one = await sim({ latencyMs: 80 });
    const two = await sim({ latencyMs: 80 });
    const dir = dataDir();
    const reports = ['i', 'j', 'k'].map((x) => join(root, `report-${x}-${++n}.csv`));
    // Three imports at once: two to site one, one to site two, each with its own sheet and report.
    const plan = [
      { prefix: 'I', site: one.url },
      { prefix: 'J', site: two.url },
      { prefix: 'K', site: one.url },
    ];
    const runs: ReturnType<typeof startCli>[] = [];
    for (const [i, p] of plan.entries())
      runs.push(
        startCli(
          [
            'import',
            await sheet(p.prefix, 6),
            '--site',
            p.site,
            '--batch-size',
            '2',
            '--json',
            '--report',
            reports[i]!,
            '--data-dir',
            dir,
          ],
          env,
        ),
      );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const [i, r] of results.entries()) {
      expect(r.code, r.stderr).toBe(0);
      expect(summaryOf(r)).toMatchObject({ total: 6, saved: 6, pending: 0 });
      const report = await readFile(reports[i]!, 'utf8');
      // Its own rows only: customers of its own sheet.
      const prefix = plan[i]!.prefix;
      expect(report.match(new RegExp(`${prefix}1\\d\\d`, 'g'))).toHaveLength(6);
      expect(report.match(/\bsaved\b/g)).toHaveLength(6);
    }
    savedOnce(one, 12);
    savedOnce(two, 6);
    const jobs = await listJobsViaCli(dir);
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done', 'done']);
  });

  it('a lock left by a SIGKILLed sender is recognised as stale without advice: the next import sends, resume finishes the killed job', async () => {
    const s = await sim({ latencyMs: 300 });
    const dir = dataDir();
    const killed = startCli(
      ['import', await sheet('L', 6), '--site', s.url, '--batch-size', '2', '--data-dir', dir],
      env,
    );
    await waitFor(() => s.inspect().recordCalls >= 1, 15_000, 'the first batch');
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    // The dead process's lock is still there: nothing cleaned it up.
    const left = JSON.parse(await readFile(join(dir, 'sender.lock'), 'utf8')) as { pid: number; endpoint?: string };
    expect(left.pid).toBe(killed.child.pid);
    // Its liveness socket sits beside the lock, as the dead process left it.
    expect(left.endpoint).toMatch(/\.sender-[0-9a-f]{16}\.sock$/);
    expect((await stat(left.endpoint!)).isSocket()).toBe(true);

    const next = await runCli(['import', await sheet('M', 4), '--site', s.url, '--json', '--data-dir', dir], env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/sender\.lock|already using|is sending from this data folder/);
    expect(summaryOf(next)).toMatchObject({ saved: 4, pending: 0 });

    const again = await runCli(['resume', '--json', '--data-dir', dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again)).toMatchObject({ total: 6, saved: 6, pending: 0 });
    expect(s.inspect().saved.filter((p) => p.customer.startsWith('L'))).toHaveLength(6);
  });

  it('a stale lock whose pid now belongs to another live process is still recognised (the endpoint decides, not the pid)', async () => {
    const s = await sim();
    const dir = dataDir();
    const q = await runCli(['import', await sheet('N', 2), '--queue-only', '--site', s.url, '--data-dir', dir], env);
    expect(q.code, q.stderr).toBe(0);
    // The endpoint of a sender that was killed: its socket file is left, nobody listens on it.
    const endpoint = join(dir, '.sender-killed.sock');
    const killed = spawn(
      process.execPath,
      [
        '-e',
        `require('node:net').createServer().listen(${JSON.stringify(endpoint)}, () => process.kill(process.pid, 'SIGKILL'))`,
      ],
      { stdio: 'ignore' },
    );
    await new Promise((r) => killed.on('exit', r));
    expect((await stat(endpoint)).isSocket()).toBe(true);
    // A live process that is not a sender, as after pid reuse.
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(
        join(dir, 'sender.lock'),
        JSON.stringify({
          pid: stranger.pid,
          host: hostname(),
          owner: 'cli',
          since: new Date().toISOString(),
          nonce: 'gone',
          endpoint,
        }),
      );
      const r = await runCli(['resume', '--json', '--data-dir', dir], env);
      expect(r.code, r.stderr).toBe(0);
      expect(summaryOf(r)).toMatchObject({ saved: 2, pending: 0 });
      // The dead endpoint was cleaned up with the stale lock.
      await expect(stat(endpoint)).rejects.toThrow();
    } finally {
      stranger.kill();
    }
  });

  it("the app holding the folder takes up an import the CLI queues; the CLI follows it and exits with its job's code", async () => {
    const s = await sim({ latencyMs: 50 });
    const dir = dataDir();
    const store = new MemoryCredentialStore();
    await store.set(new URL(s.url).origin, TOKEN);
    const app = await openCoreWithIpc({
      dataDir: dir,
      credentials: store,
      sandbox: false,
      autoStart: true,
      send: { pacingMs: 0, batchSize: 2 },
    });
    try {
      const report = join(root, `app-held-${++n}.csv`);
      const r = await runCli(
        ['import', await sheet('P', 6), '--site', s.url, '--json', '--report', report, '--data-dir', dir],
        env,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/The Wasp Phone Importer app \(process \d+\) is sending from this data folder/);
      expect(r.stderr).not.toMatch(/Sending .* from here/);
      const j = summaryOf(r);
      expect(j).toMatchObject({ total: 6, saved: 6, pending: 0 });
      // The app sent it: its own list shows the job done once its run has ended (the CLI may exit on
      // the last rows' outcomes a moment before the app has written the job's final state).
      await app.jobs.whenSettled(j.jobId ?? undefined);
      expect(app.jobs.listJobs().find((x) => x.id === j.jobId)).toMatchObject({ state: 'done', counts: { saved: 6 } });
      expect((await readFile(report, 'utf8')).match(/\bsaved\b/g)).toHaveLength(6);
      savedOnce(s, 6);
    } finally {
      await app.close();
    }
  });

  it('resume while the app holds the folder asks the app to send a paused job and follows it to the end (exit 0)', async () => {
    const s = await sim({ latencyMs: 30 });
    const dir = dataDir();
    const q = await runCli(
      ['import', await sheet('R', 5), '--queue-only', '--site', s.url, '--json', '--data-dir', dir],
      env,
    );
    expect(q.code, q.stderr).toBe(0);
    const store = new MemoryCredentialStore();
    await store.set(new URL(s.url).origin, TOKEN);
    const app = await openCoreWithIpc({
      dataDir: dir,
      credentials: store,
      sandbox: false,
      autoStart: false,
      watchQueue: true,
      send: { pacingMs: 0, batchSize: 2 },
    });
    try {
      const id = summaryOf(q).jobId!;
      // Paused in the app: the app does not send it by itself.
      const paused = await app.jobs.pause(id);
      expect(paused.ok && paused.value.state).toBe('paused');
      const r = await runCli(['resume', '--json', '--data-dir', dir], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/The Wasp Phone Importer app \(process \d+\) is sending from this data folder: waiting/);
      expect(summaryOf(r)).toMatchObject({ jobId: id, saved: 5, pending: 0 });
      expect(app.jobs.listJobs()[0]).toMatchObject({ state: 'done' });
      savedOnce(s, 5);
    } finally {
      await app.close();
    }
  });

  it("when the app that took up the CLI's job is offline, the CLI exits 4 as if it had sent it, and the app keeps the job", async () => {
    const port = await closedPort();
    const site = `http://127.0.0.1:${port}`;
    const dir = dataDir();
    const store = new MemoryCredentialStore();
    await store.set(site, TOKEN);
    const app = await openCoreWithIpc({
      dataDir: dir,
      credentials: store,
      sandbox: false,
      autoStart: true,
      send: { pacingMs: 0 },
    });
    try {
      const r = await runCli(['import', await sheet('O', 3), '--site', site, '--json', '--data-dir', dir], env);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/refused the connection.*goes on by itself when the network is back/);
      expect(summaryOf(r)).toMatchObject({ total: 3, pending: 3 });
      expect(app.jobs.listJobs()[0]).toMatchObject({ state: 'offline', counts: { pending: 3 } });
    } finally {
      await app.close();
    }
  });

  it('when the app holding the folder closes, a waiting import takes over and sends the rest itself', async () => {
    const s = await sim({ latencyMs: 50 });
    const dir = dataDir();
    // The app has no token for this site, so it leaves the CLI's job alone.
    const app = await openCoreWithIpc({
      dataDir: dir,
      credentials: new MemoryCredentialStore(),
      sandbox: false,
      autoStart: true,
    });
    const run = startCli(['import', await sheet('Q', 4), '--site', s.url, '--json', '--data-dir', dir], env);
    let stderr = '';
    run.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => /Waiting/.test(stderr), 15_000, 'the import to wait');
    expect(s.inspect().calls).toBe(0);
    await app.close();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Sending .* from here/);
    savedOnce(s, 4);
  });
});
