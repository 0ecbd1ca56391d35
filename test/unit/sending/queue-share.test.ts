import { describe, expect, it } from 'vitest';
import { watchQueue } from '../../../main/jobs/queue-watch.js';
import { useQueueFixture } from '../../support/queue-fixture.js';
import { eventually, job, record, rows } from '../../support/sending-fixtures.js';

/* Issue 14, item 2 at the level of the queue: who sends which job when several processes share a folder. */

const q = useQueueFixture({ version: '1', owner: 'cli' });
const service = q.service;

const named = (prefix: string, n: number) => rows(n, (i) => record(`${prefix}${i}`));

describe('sharing one queue', () => {
  it("without autoStart a sender sends only the jobs it was asked to, never another process's queued job", async () => {
    const first = await service();
    const queued = await first.createJob({ ...job(q.sim.url, named('Q', 3), 'queued elsewhere'), start: 'later' });
    if (!queued.ok) throw new Error(queued.error.message);
    await first.close();
    q.forgetServices();

    const cli = await service({ autoStart: false });
    const mine = await cli.createJob(job(q.sim.url, named('M', 4), 'mine'));
    if (!mine.ok) throw new Error(mine.error.message);
    await cli.whenSettled();
    expect(cli.listJobs().find((j) => j.id === mine.value.id)).toMatchObject({ state: 'done', counts: { saved: 4 } });
    expect(cli.listJobs().find((j) => j.id === queued.value.id)).toMatchObject({
      state: 'queued',
      counts: { pending: 3 },
    });
    expect(
      q.sim
        .inspect()
        .saved.map((p) => p.customer)
        .sort(),
    ).toEqual(['M0', 'M1', 'M2', 'M3']);
  });

  it('a guest queues a job while the folder is held; the holder takes it up only when it accepts the site', async () => {
    const holder = await service({ owner: 'app', autoStart: true });
    const guest = await service({ readOnly: true, guest: true });
    const created = await guest.createJob(job(q.sim.url, named('G', 5), 'from a guest'));
    if (!created.ok) throw new Error(created.error.message);
    // The guest never sends. Its job cannot settle (only a holder runs it), so the bound is the
    // holder's run below: a call the guest started at createJob comes before the holder has even
    // adopted the job, so it would be in the simulator's log beside the holder's one call.
    expect(q.sim.inspect().calls).toBe(0);

    expect(await holder.adoptNew(async () => false)).toEqual([]);
    expect(holder.listJobs()).toEqual([]);
    expect(await holder.adoptNew(async (site) => site === q.sim.url)).toEqual([created.value.id]);
    await holder.whenSettled(created.value.id);
    expect(holder.listJobs()[0]).toMatchObject({ id: created.value.id, state: 'done', counts: { saved: 5 } });
    expect(q.sim.inspect().saved.every((p) => p.writes === 1)).toBe(true);
    expect(q.sim.inspect().log.map((c) => c.records)).toEqual([5]);
    // Taken up once: a second scan adds nothing.
    expect(await holder.adoptNew(async () => true)).toEqual([]);
  });

  it('a job the queue watch took up and then adoptJob (the paged creation) is one job with one run: Pause stops all sending', async () => {
    // Found by job-controls.spec.ts: commitJob places the folder, the app's queue watch takes it up,
    // then adoptJob read it again and replaced it, so two runs sent every batch twice and Pause
    // stopped only one of them. Here both paths meet the same folder while its first call is in flight.
    q.sim.setOptions({ latencyMs: 150 });
    const holder = await service({
      owner: 'app',
      autoStart: true,
      send: { pacingMs: 0, batchSize: 5, concurrency: 1 },
    });
    const guest = await service({ readOnly: true, guest: true });
    const created = await guest.createJob(job(q.sim.url, named('P', 15), 'placed'));
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    expect(await holder.adoptNew(async () => true)).toEqual([id]);
    await eventually(() => q.sim.inspect().recordCalls === 1, 5_000, 'the first call');
    const adopted = await holder.adoptJob(id);
    expect(adopted.ok).toBe(true);
    await holder.pause(id);
    expect(holder.listJobs()).toMatchObject([{ id, state: 'paused' }]);
    // Resume to the end: one run sends the 15 rows (3 calls) plus the call Pause abandoned (it may
    // land on the server too). A second run, hidden from the list, would have sent them all again.
    await holder.resume(id);
    await holder.whenSettled();
    expect(holder.listJobs()).toMatchObject([{ id, state: 'done', counts: { saved: 15 } }]);
    expect(q.sim.inspect().recordCalls).toBeLessThanOrEqual(4);
  });

  it('a job folder another process is still writing (.tmp-) is left alone by whoever lists the folder', async () => {
    const { mkdir, stat } = await import('node:fs/promises');
    const nodePath = await import('node:path');
    const join = (...parts: string[]): string => nodePath.join(...parts);
    const writing = join(q.dir.path, 'jobs', '.tmp-being-written');
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
        const created = await holder.createJob(job(q.sim.url, named(`S${k}-`, 3), `self ${k}`));
        if (!created.ok) throw new Error(created.error.message);
      }
      await holder.whenSettled();
    } finally {
      stop = true;
      await loop;
    }
    expect(scans).toBeGreaterThan(0);
    expect(holder.listJobs()).toHaveLength(5);
    expect(q.sim.inspect().saved).toHaveLength(15);
    expect(q.sim.inspect().saved.filter((p) => p.writes !== 1)).toEqual([]);
  });

  it('watchQueue makes the holder notice a new job folder by itself', async () => {
    const holder = await service({ owner: 'app', autoStart: true });
    const watch = watchQueue(holder, q.dir.path, async () => true, 200);
    try {
      const guest = await service({ readOnly: true, guest: true });
      const created = await guest.createJob(job(q.sim.url, named('W', 2), 'watched'));
      if (!created.ok) throw new Error(created.error.message);
      await eventually(
        () => holder.listJobs().some((j) => j.id === created.value.id && j.state === 'done'),
        10_000,
        'the holder to send the new job',
      );
      expect(q.sim.savedCount()).toBe(2);
    } finally {
      await watch.close();
    }
  });
});
