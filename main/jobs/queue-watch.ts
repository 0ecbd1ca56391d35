import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jobsRoot } from './job-files.js';
import type { JobService } from './job-service.js';
import { REQUESTS_DIR, serveStartRequests } from './start-requests.js';

export interface QueueWatch {
  close(): Promise<void>;
}

/** How often the folder is looked at even without a change event (network drives send none). */
const POLL_MS = 2_000;

/**
 * Makes the folder's sender take up jobs that other processes queue into it: a `wasp-phones import`
 * started while the app is open writes its job (whole, by rename) and follows it; the app sees the
 * new folder here and sends it; a `wasp-phones resume` asks for jobs through start-requests.ts. fs.watch is only a hint (it is unreliable on network drives and
 * may coalesce events), so the folder is also read every few seconds; a scan never overlaps another.
 */
export function watchQueue(
  jobs: JobService,
  dataDir: string,
  accept: (site: string) => Promise<boolean>,
  pollMs = POLL_MS,
): QueueWatch {
  let closed = false;
  let scanning: Promise<void> | null = null;
  let again = false;
  const scan = () => {
    if (closed) return;
    if (scanning !== null) {
      again = true;
      return;
    }
    scanning = jobs
      .adoptNew(accept)
      .then(() => serveStartRequests(jobs, dataDir, accept))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        scanning = null;
        if (again && !closed) {
          again = false;
          scan();
        }
      });
  };
  const watchers: FSWatcher[] = [];
  for (const folder of [jobsRoot(dataDir), join(dataDir, REQUESTS_DIR)]) {
    void mkdir(folder, { recursive: true })
      .then(() => {
        if (closed) return;
        try {
          const w = watch(folder, { persistent: false }, () => scan());
          w.on('error', () => undefined);
          watchers.push(w);
        } catch {
          // Polling alone still works.
        }
      })
      .catch(() => undefined);
  }
  const timer = setInterval(scan, pollMs);
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      for (const w of watchers) w.close();
      await scanning;
    },
  };
}
