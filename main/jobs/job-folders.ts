import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../storage/fsync-dir.js';
import { jobsRoot } from './job-files.js';
import { processRuns } from './process-runs.js';

/*
 * Job folders appear and disappear whole: a new job is written in a hidden folder and renamed into
 * place (job-writer.ts), a deleted one is renamed aside first. What a crash leaves half way is a
 * hidden leftover that the next listing removes.
 */

const LEFTOVER_AGE_MS = 60 * 60_000;

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The hidden folder a job is written in before it is placed. It names the writing process, so the
 * next start can tell a crashed writer's leftover (its process is gone) from a job another live
 * process (a CLI queuing into a folder the app holds) is writing right now.
 */
export function tempJobFolderName(name: string): string {
  return `.tmp-${process.pid}-${name}`;
}

async function isLeftoverTemp(root: string, n: string): Promise<boolean> {
  const pid = /^\.tmp-(\d+)-/.exec(n)?.[1];
  // A writer that is gone left it; a pid can be reused, so an hour-old folder is a leftover anyway.
  if (pid !== undefined && Number(pid) !== process.pid && !processRuns(Number(pid))) return true;
  return (await ageMs(join(root, n))) > LEFTOVER_AGE_MS;
}

/** Job folders present, leftovers of interrupted creations and deletions removed. */
export async function listJobDirs(dataDir: string): Promise<string[]> {
  const root = jobsRoot(dataDir);
  await mkdir(root, { recursive: true });
  const names = await readdir(root);
  const ids: string[] = [];
  for (const n of names) {
    // A `.tmp-` folder may be a job another process is writing right now (a CLI queuing into a
    // folder the app holds): only a dead writer's, or one left for an hour, is a leftover.
    if (n.startsWith('.deleted-') || (n.startsWith('.tmp-') && (await isLeftoverTemp(root, n))))
      await rm(join(root, n), { recursive: true, force: true });
    else if (!n.startsWith('.')) ids.push(n);
  }
  return ids;
}

/** Deleting is a rename first, so a crash half-way leaves a hidden leftover, never half a job. */
export async function removeJobDir(dataDir: string, id: string): Promise<void> {
  const root = jobsRoot(dataDir);
  const gone = join(root, `.deleted-${id}`);
  await rename(join(root, id), gone);
  await fsyncDir(root);
  await rm(gone, { recursive: true, force: true });
}

/** A fresh hidden folder for a job being written (removed on the next start if never placed). */
export async function newJobFolder(dataDir: string, name: string): Promise<string> {
  const root = jobsRoot(dataDir);
  await mkdir(root, { recursive: true });
  const dir = join(root, tempJobFolderName(name));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  return dir;
}

/** Makes a finished folder the job `id`: one rename, then the parent is synced. */
export async function placeJob(dataDir: string, dir: string, id: string): Promise<string> {
  const root = jobsRoot(dataDir);
  const target = join(root, id);
  await rename(dir, target);
  await fsyncDir(root);
  return target;
}
