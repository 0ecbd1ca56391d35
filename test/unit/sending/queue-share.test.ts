import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobService, type JobServiceOptions } from '../../../main/jobs/job-service.js';
import { watchQueue } from '../../../main/jobs/queue-watch.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { FAST, eventually, job, record, rows, tempDir } from '../../support/sending-fixtures.js';

/* Issue 14, item 2 at the level of the queue: who sends which job when several processes share a folder. */

let sim: Simulator;
let dir: { path: string; remove: () => Promise<void> };
const open: JobService[] = [];

beforeEach(async () => {
  sim = await startSimulator();
  dir = await tempDir();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await sim.close();
  await dir.remove();
});

async function service(extra: Partial<JobServiceOptions> = {}): Promise<JobService> {
  const r = await JobService.open({
    dataDir: dir.path,
    getToken: async () => SANDBOX_TOKEN,
    version: '1',
    owner: 'cli',
    send: FAST,
    ...extra,
  });
  if (!r.ok) throw new Error(r.error.message);
  open.push(r.value);
  return r.value;
}

const named = (prefix: string, n: number) => rows(n, (i) => record(`${prefix}${i}`));

describe('sharing one queue', () => {
  it("without autoStart a sender sends only the jobs it was asked to, never another process's queued job", async () => {
    const first = await service();
    const queued = await first.createJob({ ...job(sim.url, named('Q', 3), 'queued elsewhere'), start: 'later' });
    if (!queued.ok) throw new Error(queued.error.message);
    await first.close();
    open.length = 0;

    const cli = await service({ autoStart: false });
    const mine = await cli.createJob(job(sim.url, named('M', 4), 'mine'));
    if (!mine.ok) throw new Error(mine.error.message);
    await cli.whenSettled();
    expect(cli.listJobs().find((j) => j.id === mine.value.id)).toMatchObject({ state: 'done', counts: { saved: 4 } });
    expect(cli.listJobs().find((j) => j.id === queued.value.id)).toMatchObject({
      state: 'queued',
      counts: { pending: 3 },
    });
    expect(
      sim
        .inspect()
        .saved.map((p) => p.customer)
        .sort(),
    ).toEqual(['M0', 'M1', 'M2', 'M3']);
  });

  it('a guest queues a job while the folder is held; the holder takes it up only when it accepts the site', async () => {
    const holder = await service({ owner: 'app', autoStart: true });
    const guest = await service({ readOnly: true, guest: true });
    const created = await guest.createJob(job(sim.url, named('G', 5), 'from a guest'));
    if (!created.ok) throw new Error(created.error.message);
    // The guest never sends.
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.inspect().calls).toBe(0);

    expect(await holder.adoptNew(async () => false)).toEqual([]);
    expect(holder.listJobs()).toEqual([]);
    expect(await holder.adoptNew(async (site) => site === sim.url)).toEqual([created.value.id]);
    await holder.whenSettled(created.value.id);
    expect(holder.listJobs()[0]).toMatchObject({ id: created.value.id, state: 'done', counts: { saved: 5 } });
    expect(sim.inspect().saved.every((p) => p.writes === 1)).toBe(true);
    // Taken up once: a second scan adds nothing.
    expect(await holder.adoptNew(async () => true)).toEqual([]);
  });

  it('a job folder another process is still writing (.tmp-) is left alone by whoever lists the folder', async () => {
    const { mkdir, stat } = await import('node:fs/promises');
    const nodePath = await import('node:path');
    const join = (...parts: string[]): string => nodePath.join(...parts);
    const writing = join(dir.path, 'jobs', '.tmp-being-written');
    await mkdir(writing, { recursive: true });
    await service({ readOnly: true });
    await service({ owner: 'app', autoStart: true });
    expect((await stat(writing)).isDirectory()).toBe(true);
  });

  it('a job the holder creates itself is never taken up a second time by its own queue watch', async () => {
    const holder = await service({ owner: 'app', autoStart: true });
    // Scans as fast as they can run, so one lands between the job folder appearing and createJob's end.
    let scans = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        await holder.adoptNew(async () => true);
        scans++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let k = 0; k < 5; k++) {
        const created = await holder.createJob(job(sim.url, named(`S${k}-`, 3), `self ${k}`));
        if (!created.ok) throw new Error(created.error.message);
      }
      await holder.whenSettled();
    } finally {
      stop = true;
      await loop;
    }
    expect(scans).toBeGreaterThan(0);
    expect(holder.listJobs()).toHaveLength(5);
    expect(sim.inspect().saved).toHaveLength(15);
    expect(sim.inspect().saved.filter((p) => p.writes !== 1)).toEqual([]);
  });

  it('watchQueue makes the holder notice a new job folder by itself', async () => {
    const holder = await service({ owner: 'app', autoStart: true });
    const watch = watchQueue(holder, dir.path, async () => true, 200);
    try {
      const guest = await service({ readOnly: true, guest: true });
      const created = await guest.createJob(job(sim.url, named('W', 2), 'watched'));
      if (!created.ok) throw new Error(created.error.message);
      await eventually(
        () => holder.listJobs().some((j) => j.id === created.value.id && j.state === 'done'),
        10_000,
        'the holder to send the new job',
      );
      expect(sim.savedCount()).toBe(2);
    } finally {
      await watch.close();
    }
  });
});
