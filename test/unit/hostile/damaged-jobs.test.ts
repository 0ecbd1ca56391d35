import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JobService } from '../../../main/jobs/job-service.js';
import { invokeContract } from '../../../shared/ipc/contract.js';
import type { JobSummary } from '../../../shared/domain/job.js';
import { buildCli, startCli, type CliResult } from '../../support/cli-runner.js';
import { job, rows, tempDir } from '../../support/sending-fixtures.js';

// Never contacted: the jobs are queued for later and these tests only read them back.
const SITE = 'http://127.0.0.1:9';

let root: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  await buildCli();
  root = await tempDir('wasp-damage-');
}, 120_000);
afterAll(async () => root.remove());

let n = 0;
/** A data folder with two healthy jobs and one job of 1,000 rows whose journal `damage` changes. */
async function folderWith(
  damage: (journal: string) => Promise<void>,
  victimRows = 1000,
): Promise<{ dataDir: string; victim: string; healthy: string[] }> {
  const dataDir = join(root.path, `data-${++n}`);
  const opened = await JobService.open({ dataDir, getToken: async () => 't', version: '1.0.0', owner: 'app' });
  if (!opened.ok) throw new Error(opened.error.message);
  const ids: string[] = [];
  for (const [name, count] of [
    ['first', 3],
    ['victim', victimRows],
    ['third', 4],
  ] as const) {
    const r = await opened.value.createJob({ ...job(SITE, rows(count), name), start: 'later' });
    if (!r.ok) throw new Error(r.error.message);
    ids.push(r.value.id);
  }
  await opened.value.close();
  await damage(join(dataDir, 'jobs', ids[1]!, 'journal.jsonl'));
  return { dataDir, victim: ids[1]!, healthy: [ids[0]!, ids[2]!] };
}

async function listed(dataDir: string): Promise<JobSummary[]> {
  const opened = await JobService.open({
    dataDir,
    getToken: async () => 't',
    version: '1.0.0',
    owner: 'app',
    readOnly: true,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    return opened.value.listJobs();
  } finally {
    await opened.value.close();
  }
}

/** The CLI as a child with a guard: a process that spins is killed and reported, not waited on forever. */
async function cli(args: string[]): Promise<CliResult & { killed: boolean }> {
  const run = startCli(args, {});
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    run.child.kill('SIGKILL');
  }, 20_000);
  const r = await run.done;
  clearTimeout(guard);
  return { ...r, killed };
}

describe('D7: a job whose journal cannot be read is listed as damaged, never dropped', () => {
  it.each([
    ['deleted', (p: string) => rm(p)],
    ['emptied', (p: string) => writeFile(p, '')],
    [
      'with a header whose row lists are not arrays',
      async (p: string) => {
        const lines = (await readFile(p, 'utf8')).split('\n');
        const h = JSON.parse(lines[0]!) as Record<string, unknown>;
        lines[0] = JSON.stringify({ ...h, invalid: 5, skipped: 'x' });
        await writeFile(p, lines.join('\n'));
      },
    ],
  ])('journal %s: listed as damaged with its rows and what to do; the others are intact', async (_name, damage) => {
    const { dataDir, victim, healthy } = await folderWith(damage);
    const list = await listed(dataDir);
    expect(list.map((j) => j.id).sort()).toEqual([victim, ...healthy].sort());
    const damaged = list.find((j) => j.id === victim)!;
    expect(damaged).toMatchObject({
      state: 'damaged',
      name: 'victim',
      site: SITE,
      counts: { total: 1000, saved: 0, pending: 1000 },
    });
    expect(damaged.stateMessage).toMatch(/damaged: .*journal\.jsonl.*Import the sheet again/s);
    for (const id of healthy) expect(list.find((j) => j.id === id)?.state).toBe('queued');
    // What the app receives passes the IPC contract.
    expect(invokeContract.listJobs.response.safeParse(list).success).toBe(true);

    const jobs = await cli(['jobs', '--data-dir', dataDir]);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toMatch(/Damaged/);
    expect(jobs.stdout).toContain(`Damaged job ${victim}`);
    const resume = await cli(['resume', victim.slice(0, 8), '--data-dir', dataDir]);
    expect(resume.code, resume.stderr).toBe(2);
    expect(resume.stderr).toMatch(/cannot be resumed.*damaged/s);
  });

  it('`resume` with a damaged job among finished ones exits non-zero and names it', async () => {
    const { dataDir, victim } = await folderWith((p) => writeFile(p, ''));
    // The healthy jobs point at a closed port; with only the damaged job pending there is nothing to send.
    const opened = await JobService.open({ dataDir, getToken: async () => 't', version: '1.0.0', owner: 'app' });
    if (!opened.ok) throw new Error(opened.error.message);
    for (const j of opened.value.listJobs()) if (j.state !== 'damaged') await opened.value.deleteJob(j.id);
    await opened.value.close();
    const r = await cli(['resume', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Damaged job ${victim}`);
    expect(r.stdout + r.stderr).not.toMatch(/every job has finished/);
  });

  it('a journal ending in `null` is cut back like a torn line: the job stays, its rows still queued', async () => {
    const { dataDir, victim } = await folderWith((p) => appendFile(p, 'null\n'));
    const list = await listed(dataDir);
    expect(list.find((j) => j.id === victim)).toMatchObject({ state: 'queued', counts: { pending: 1000 } });
  });
});

describe('D8: journal replay does not trust its values', () => {
  it('"s":[0,1e12] does not make `jobs` spin; the line is ignored', async () => {
    const { dataDir, victim } = await folderWith((p) =>
      appendFile(p, `${JSON.stringify({ t: 'o', at: '2026-01-01T00:00:00Z', n: 1, s: [0, 1e12] })}\n`),
    );
    const r = await cli(['jobs', '--json', '--data-dir', dataDir]);
    expect(r.killed, 'wasp-phones jobs had to be killed').toBe(false);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as JobSummary[];
    expect(list.find((j) => j.id === victim)?.counts).toMatchObject({ saved: 0, pending: 1000 });
  });

  it('"s":["1000","5"] is not read as 2,000 saved rows', async () => {
    const { dataDir, victim } = await folderWith(
      (p) =>
        appendFile(
          p,
          `${JSON.stringify({ t: 'o', at: '2026-01-01T00:00:00Z', n: 1, s: ['1000', '5'] })}\n${JSON.stringify({ t: 'o', at: '2026-01-01T00:00:01Z', n: 2, s: [0, 10] })}\n`,
        ),
      3000,
    );
    const v = (await listed(dataDir)).find((j) => j.id === victim)!;
    expect(v.counts).toMatchObject({ total: 3000, saved: 10, pending: 2990 });
  });

  it('rows outside the job and failure tuples of the wrong shape are ignored', async () => {
    const { dataDir, victim } = await folderWith((p) =>
      appendFile(
        p,
        `${JSON.stringify({ t: 'o', at: 'x', n: 1, s: [995, 10] })}\n${JSON.stringify({ t: 'o', at: 'x', n: 1, f: [[5000, 'no', null, null, null]] })}\n${JSON.stringify({ t: 'o', at: 'x', n: 1, f: [[3, { evil: true }, null, null, null]] })}\n`,
      ),
    );
    const v = (await listed(dataDir)).find((j) => j.id === victim)!;
    expect(v.counts).toMatchObject({ saved: 0, failed: 0, pending: 1000 });
  });

  it('an unknown state in one job never breaks the list of the others', async () => {
    const { dataDir, victim, healthy } = await folderWith((p) =>
      appendFile(p, `${JSON.stringify({ t: 's', at: '2026-01-01T00:00:00Z', state: 'exploded' })}\n`),
    );
    const list = await listed(dataDir);
    expect(invokeContract.listJobs.response.safeParse(list).success).toBe(true);
    expect(list.map((j) => j.id).sort()).toEqual([victim, ...healthy].sort());
    expect(list.find((j) => j.id === victim)?.state).toBe('queued');
  });
});
