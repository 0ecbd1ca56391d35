import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listJobDirs, tempJobFolderName } from '../../../main/jobs/job-folders.js';

/*
 * A `.tmp-` folder under jobs/ is a job being written. It is removed only when its writer is gone
 * (a crash), or after an hour; never while the process writing it runs — a CLI queuing into a
 * folder the app holds must not lose its job to the app's scan.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dataDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'wasp-leftovers-'));
  cleanups.push(() => rm(d, { recursive: true, force: true }));
  await mkdir(join(d, 'jobs'));
  return d;
}

function liveChild(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  cleanups.push(async () => {
    child.kill();
    await new Promise((r) => child.on('exit', r));
  });
  return child;
}

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('leftover job folders', () => {
  it("removes a dead writer's folder, keeps a live writer's and this process's own", async () => {
    const d = await dataDir();
    const live = liveChild();
    const dead = await exitedPid();
    const names = [
      `.tmp-${dead}-crashed`,
      `.tmp-${live.pid!}-writing`,
      tempJobFolderName('mine'),
      '.deleted-old',
      'a-job',
    ];
    for (const n of names) await mkdir(join(d, 'jobs', n));
    expect(await listJobDirs(d)).toEqual(['a-job']);
    expect((await readdir(join(d, 'jobs'))).sort()).toEqual(
      [`.tmp-${live.pid!}-writing`, tempJobFolderName('mine'), 'a-job'].sort(),
    );
  });
});
