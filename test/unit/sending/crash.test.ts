import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { countsAddUp } from '../../../shared/domain/job.js';
import { JobService } from '../../../main/jobs/job-service.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { job, record, rows, tempDir } from '../../support/sending-fixtures.js';
import { seededRandom } from '../../support/seeded-random.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(root, 'dist/.sending-test/test/support/crash-sender.js');

let sim: Simulator;
/** The test's temp folder: the data folder and the rows file the child reads, removed after. */
let work: { path: string; remove: () => Promise<void> };
let dir: { path: string };

beforeAll(async () => {
  // Compile just the child's module graph (a few seconds) so the test always runs the current source.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'test/support/tsconfig.sending.json')], {
    cwd: root,
  });
  sim = await startSimulator({
    latencyMs: 20,
    resultMode: 'failures-with-key',
    customers: Array.from({ length: 3000 }, (_, i) => `C${100_000 + i}`),
  });
  work = await tempDir('wasp-crash-');
  dir = { path: join(work.path, 'data') };
  await mkdir(dir.path);
}, 60_000);
afterAll(async () => {
  await sim?.close();
  await work?.remove();
});

interface Child {
  proc: ChildProcess;
  out: string[];
  exit: Promise<number | null>;
  firstProgress: Promise<void>;
}

function startChild(rowsFile: string): Child {
  const proc = spawn(
    process.execPath,
    [
      script,
      dir.path,
      sim.url,
      SANDBOX_TOKEN,
      rowsFile,
      JSON.stringify({ batchSize: 50, pacingMs: 0, maxAttempts: 3 }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: string[] = [];
  let sawProgress: () => void = () => undefined;
  const firstProgress = new Promise<void>((r) => (sawProgress = r));
  proc.stdout.setEncoding('utf8').on('data', (s: string) => {
    out.push(s);
    if (s.includes('progress sending')) sawProgress();
  });
  proc.stderr.setEncoding('utf8').on('data', (s: string) => out.push(`stderr: ${s}`));
  const exit = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, out, exit, firstProgress };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash safety', () => {
  it('SIGKILLed at random moments, the job still completes with every row saved once and counts that add up', async () => {
    // 2,000 rows: 30 unknown customers (fail), 20 invalid, 10 skipped; the rest must end up in Wasp.
    const list = rows(2000, (i) =>
      i % 67 === 3 ? record(`NOPE${i}`) : record(`C${100_000 + i}`, ['Office', 'Mobile'][i % 2]),
    );
    list.forEach((r, i) => {
      if (i % 100 === 50) list[i] = { ...r, status: 'invalid', message: 'bad phone' };
      else if (i % 200 === 99) list[i] = { ...r, status: 'skipped', message: 'duplicate' };
    });
    const expectSaved = list.filter((r) => r.status === undefined && !r.record.CustomerNumber.startsWith('NOPE'));
    const expectFailed = list.filter((r) => r.status === undefined && r.record.CustomerNumber.startsWith('NOPE'));
    // Inside the test's own temp folder (removed after it), beside the data folder, never loose in /tmp.
    const rowsFile = join(work.path, 'rows.json');
    await writeFile(rowsFile, JSON.stringify(job(sim.url, list, 'crash test')));

    const random = seededRandom();
    const kills: string[] = [`TEST_SEED=${random.seed} replays these kill moments`];
    // The first kill may land while the job is being created; the others while it is sending.
    for (let k = 0; k < 5; k++) {
      const child = startChild(rowsFile);
      if (k === 0) await sleep(40 + random.next() * 150);
      else await Promise.race([child.firstProgress.then(() => sleep(random.next() * 250)), child.exit]);
      const before = sim.inspect().saved.length;
      child.proc.kill('SIGKILL');
      const code = await child.exit;
      kills.push(
        `kill ${k}: exit ${code}, ${before} saved in Wasp, last output ${JSON.stringify(child.out.slice(-1))}`,
      );
    }
    const final = startChild(rowsFile);
    const code = await Promise.race([final.exit, sleep(30_000).then(() => 'timeout' as const)]);
    expect(code, `${kills.join('\n')}\n${final.out.join('')}`).toBe(0);

    const opened = await JobService.open({ dataDir: dir.path, getToken: async () => SANDBOX_TOKEN, version: 't' });
    if (!opened.ok) throw new Error(opened.error.message);
    const s = opened.value;
    try {
      const jobs = s.listJobs();
      expect(jobs).toHaveLength(1);
      const [j] = jobs;
      expect(j!.state).toBe('done');
      expect(j!.counts, kills.join('\n')).toEqual({
        total: 2000,
        saved: expectSaved.length,
        failed: expectFailed.length,
        invalid: 20,
        skipped: 10,
        pending: 0,
      });
      expect(countsAddUp(j!.counts)).toBe(true);

      const inWasp = new Map(sim.inspect().saved.map((p) => [`${p.customer}|${p.type}`, p]));
      expect(inWasp.size).toBe(expectSaved.length);
      for (const r of expectSaved)
        expect(inWasp.has(`${r.record.CustomerNumber}|${r.record.PhoneTypeName}`)).toBe(true);
      // A kill can cost at most the batches in flight (and one being recorded): each row is resent at most once per kill.
      for (const p of inWasp.values()) expect(p.writes, kills.join('\n')).toBeLessThanOrEqual(1 + 5);

      const detail = await s.getJob(j!.id);
      if (!detail.ok) throw new Error(detail.error.message);
      expect(
        detail.value.rows.filter((r) => r.status === 'failed').every((r) => r.message?.includes('not found')),
      ).toBe(true);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('a second process cannot send from a data folder this process holds', async () => {
    const held = await tempDir('wasp-lock-');
    const opened = await JobService.open({
      dataDir: held.path,
      getToken: async () => SANDBOX_TOKEN,
      version: 't',
      owner: 'app',
    });
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      const rowsFile = join(held.path, 'rows.json');
      await writeFile(rowsFile, JSON.stringify(job(sim.url, rows(3))));
      const proc = spawn(process.execPath, [script, held.path, sim.url, SANDBOX_TOKEN, rowsFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((r) => proc.on('exit', r));
      expect(code).toBe(3);
      expect(stderr).toContain(
        `The Wasp Phone Importer app (process ${process.pid}) is already using this data folder`,
      );
      expect(opened.value.listJobs()).toEqual([]);
    } finally {
      await opened.value.close();
      await held.remove();
    }
  });
});
