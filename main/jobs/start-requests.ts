import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobService } from './job-service.js';

/**
 * Hand-over of "please send these jobs" from a process that does not hold the data folder (a
 * `wasp-phones resume` while the app is open) to the one that does. Only the lock holder writes to
 * an existing job, so the waiting process asks instead: it drops a small request file here, the
 * holder's queue watch starts the jobs it can send (it has a token for their site) and removes the
 * file. The asker removes its request when it stops waiting, whatever happened.
 */
export const REQUESTS_DIR = 'queue-requests';

interface StartRequest {
  v: 1;
  start: string[];
}

/** Writes a request (aside, then renamed, so the holder never reads half of one); returns its path. */
export async function requestStart(dataDir: string, jobIds: readonly string[]): Promise<string> {
  const dir = join(dataDir, REQUESTS_DIR);
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const path = join(dir, `${id}.json`);
  const body: StartRequest = { v: 1, start: [...jobIds] };
  await writeFile(join(dir, `.${id}.tmp`), JSON.stringify(body));
  await rename(join(dir, `.${id}.tmp`), path);
  return path;
}

export async function withdrawRequest(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * The holder's side: starts the requested jobs it accepts and removes each request it has fully
 * served. A request naming a job this process cannot send yet stays for the next look.
 */
export async function serveStartRequests(
  jobs: JobService,
  dataDir: string,
  accept: (site: string) => Promise<boolean>,
): Promise<void> {
  const dir = join(dataDir, REQUESTS_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return;
  }
  const known = new Map(jobs.listJobs().map((j) => [j.id, j]));
  for (const name of names) {
    const path = join(dir, name);
    let request: Partial<StartRequest>;
    try {
      request = JSON.parse(await readFile(path, 'utf8')) as Partial<StartRequest>;
    } catch {
      await unlink(path).catch(() => undefined);
      continue;
    }
    const ids = Array.isArray(request.start)
      ? request.start.filter((x): x is string => typeof x === 'string').slice(0, 1_000)
      : [];
    let served = true;
    for (const id of ids) {
      const job = known.get(id);
      if (job === undefined) continue;
      if (
        job.counts.pending === 0 ||
        job.state === 'queued' ||
        job.state === 'sending' ||
        job.state === 'waiting' ||
        job.state === 'offline'
      )
        continue;
      if (!(await accept(job.site))) {
        served = false;
        continue;
      }
      await jobs.start(id);
    }
    if (served) await unlink(path).catch(() => undefined);
  }
}
