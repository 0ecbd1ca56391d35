import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replayJournal } from '../../../main/jobs/journal-replay.js';
import { Journal, readJournal } from '../../../main/jobs/journal.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import type { JsonSummary } from '../../../main/cli/json-summary.js';
import { branchSheet } from '../../support/branch-sheet.js';
import { buildCli, CLI_BIN, lastJson, repoRoot, runCli, type CliResult } from '../../support/cli-runner.js';
import { listJobsViaCli, tempDir } from '../../support/cli-fixtures.js';

/*
 * D2: the disk fills up while a job is being sent. Where this machine lets the test mount one (root
 * with CAP_SYS_ADMIN, as on the build machine), the data folder is a real 1 MiB tmpfs that runs out of
 * space; elsewhere the CLI runs under `ulimit -f`, so its writes fail (EFBIG) once the journal passes
 * a few kilobytes. The test says which one it used.
 */

const TOKEN = 'full-disk-token-1234';
const ROWS = 2000;
const PAGE = 4096;

let root: string;
let mountPoint: string | null = null;
let sim: Simulator;

beforeAll(async () => {
  await buildCli();
  root = await tempDir('wasp-fulldisk-');
  const mnt = join(root, 'small');
  await mkdir(mnt);
  // WASP_TEST_NO_MOUNT=1 exercises the ulimit fallback on a machine that could mount.
  const mounted =
    process.env['WASP_TEST_NO_MOUNT'] === '1'
      ? { status: 1, stderr: 'WASP_TEST_NO_MOUNT=1', error: undefined }
      : spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mounted.status === 0) mountPoint = mnt;
  else
    process.stdout.write(
      `[D2] cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || '').trim()}); using ulimit -f instead\n`,
    );
  sim = await startSimulator({ tokens: [TOKEN] });
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (mountPoint !== null) spawnSync('umount', [mountPoint]);
  await rm(root, { recursive: true, force: true });
});

/** Runs the CLI; `fileBlocks` limits the size of any file it writes (ulimit -f, 512-byte blocks). A spinning process is killed. */
function cli(args: string[], fileBlocks?: number): Promise<CliResult & { killed: boolean }> {
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], WASP_TOKEN: TOKEN };
  const child =
    fileBlocks === undefined
      ? spawn(process.execPath, [CLI_BIN, ...args], { cwd: repoRoot, env })
      : spawn('bash', ['-c', `ulimit -f ${fileBlocks}; exec "$@"`, 'bash', process.execPath, CLI_BIN, ...args], {
          cwd: repoRoot,
          env,
        });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, 90_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, killed });
    }),
  );
}

/** Fills the tmpfs, then frees `pages` pages: room for the lock file and a few journal lines, no more. */
async function fillLeaving(dir: string, pages: number): Promise<string> {
  const path = join(dir, 'filler');
  const fh = await open(path, 'w');
  const chunk = Buffer.alloc(PAGE, 1);
  try {
    for (;;) await fh.write(chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  const { size } = await fh.stat();
  await fh.truncate(Math.max(0, size - pages * PAGE));
  await fh.close();
  return path;
}

describe('D2: the disk fills up during a send', () => {
  it(`stops as resumable (exit 4) with a disk message, counts only what the journal holds, and loses nothing`, async () => {
    const how = mountPoint !== null ? 'a 1 MiB tmpfs' : 'ulimit -f';
    process.stdout.write(`[D2] size-limited storage: ${how}\n`);
    const base = mountPoint ?? join(root, 'plain');
    const dataDir = join(base, 'data');
    const sheet = join(root, 'phones.xlsx');
    await writeFile(sheet, branchSheet(ROWS, 0).bytes);

    const queued = await runCli(['import', sheet, '--site', sim.url, '--queue-only', '--data-dir', dataDir, '--json'], {
      WASP_TOKEN: TOKEN,
    });
    expect(queued.code, queued.stderr).toBe(0);
    const [job] = await listJobsViaCli(dataDir);
    const jobDir = join(dataDir, 'jobs', job!.id);
    const journalPath = join(jobDir, 'journal.jsonl');

    let filler: string | null = null;
    let blocks: number | undefined;
    if (mountPoint !== null) {
      // tmpfs hands out whole pages: pad the journal's last page with a blank line (replay skips
      // blank lines) so only a few hundred bytes of it are left, then take every free page but one
      // (for the lock file). The disk then runs out a few batches into the send.
      const size = (await stat(journalPath)).size;
      const pad = PAGE - (size % PAGE) - 400;
      if (pad > 1) await appendFile(journalPath, `${' '.repeat(pad - 1)}\n`);
      filler = await fillLeaving(mountPoint, 1);
    } else blocks = Math.ceil(((await stat(journalPath)).size + 400) / 512);

    const stopped = await cli(
      ['resume', '--site', sim.url, '--data-dir', dataDir, '--batch-size', '10', '--json'],
      blocks,
    );
    expect(stopped.killed, 'the CLI spun and had to be killed').toBe(false);
    expect(stopped.code, stopped.stderr).toBe(4);
    expect(stopped.stderr).toMatch(/disk is full|could not be read or written/);
    expect(stopped.stderr).toMatch(/resume/);

    // Memory never ran ahead of the journal: what the CLI reported is exactly what is on disk.
    const summary = lastJson<JsonSummary>(stopped.stdout);
    const onDisk = await replayJournal(jobDir, { repair: false, details: false });
    expect(summary.saved).toBe(onDisk.counts.saved);
    expect(summary.pending).toBe(onDisk.counts.pending);
    expect(summary.saved).toBeGreaterThan(0);
    expect(summary.saved).toBeLessThan(ROWS);
    // It stopped sending at the first batch it could not record: at most that one batch is unrecorded.
    const sent = sim.inspect().log.reduce((n, c) => n + c.records, 0);
    expect(sent).toBeLessThanOrEqual(summary.saved + 10);

    // Still full: resuming again stops the same way (exit 4), without spinning and without losing what is recorded.
    const again = await cli(
      ['resume', '--site', sim.url, '--data-dir', dataDir, '--batch-size', '10', '--json'],
      blocks,
    );
    expect(again.killed, 'the second resume spun').toBe(false);
    expect(again.code, again.stderr).toBe(4);
    expect(lastJson<JsonSummary>(again.stdout).saved).toBe(
      (await replayJournal(jobDir, { repair: false, details: false })).counts.saved,
    );

    // Space comes back: the job resumes and every row ends saved; only the unrecorded batch was sent twice.
    if (filler !== null) await rm(filler);
    const resumed = await cli(['resume', '--site', sim.url, '--data-dir', dataDir, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson<JsonSummary>(resumed.stdout)).toMatchObject({ saved: ROWS, pending: 0 });
    const state = sim.inspect();
    expect(new Set(state.saved.map((s) => s.customer)).size).toBe(ROWS);
    // Each of the two stops may have left one batch sent but unrecorded; those are sent again.
    expect(state.log.reduce((n, c) => n + c.records, 0)).toBeLessThanOrEqual(ROWS + 20);
    process.stdout.write(
      `[D2] stopped after ${summary.saved} rows recorded; ${sent} rows had been sent; resumed to ${ROWS} saved\n`,
    );
    const final = await replayJournal(jobDir, { repair: false, details: false });
    expect(final.counts).toMatchObject({ saved: ROWS, pending: 0 });
  }, 240_000);

  it('a line the full disk cut short is cut back, so the next line after space returns is whole', async (ctx) => {
    if (mountPoint === null) {
      process.stdout.write(
        '[D2] skipped the journal cut-back test: it needs the tmpfs (page-sized allocation) to cut a line in half\n',
      );
      ctx.skip();
      return;
    }
    const path = join(mountPoint, 'cut.jsonl');
    await writeFile(path, `${JSON.stringify({ n: 0 })}\n`);
    const journal = await Journal.open(path);
    const filler = await fillLeaving(mountPoint, 0);
    // Bigger than what is left of the file's page: the write stops part-way (or fails outright).
    const big = { n: 1, pad: 'x'.repeat(3 * PAGE) };
    await expect(journal.append(big)).rejects.toMatchObject({ code: 'ENOSPC' });
    await rm(filler);
    await journal.append({ n: 2 });
    await journal.close();
    const read = await readJournal(path);
    expect(read.entries).toEqual([{ n: 0 }, { n: 2 }]);
    expect(read.skipped).toBe(0);
    expect(read.tornTail).toBe(false);
  });
});
