import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { jobsRoot } from './job-files.js';
import type { JobService } from './job-service.js';

export interface QueueWatch {
  close(): Promise<void>;
}

/** How often the folder is looked at even without a change event (network drives send none). */
const POLL_MS = 2_000;

/**
 * Makes the folder's sender take up jobs that other processes queue into it: a `wasp-phones import`
 * started while the app is open writes its job (whole, by rename) and follows it; the app sees the
 * new folder here and sends it. fs.watch is only a hint (it is unreliable on network drives and
 * may coalesce events), so the folder is also read every few seconds; a scan never overlaps another.
 */
export function watchQueue(jobs: JobService, dataDir: string, accept: (site: string) => Promise<boolean>, pollMs = POLL_MS): QueueWatch {
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
  let watcher: FSWatcher | null = null;
  void mkdir(jobsRoot(dataDir), { recursive: true })
    .then(() => {
      if (closed) return;
      try {
        watcher = watch(jobsRoot(dataDir), { persistent: false }, () => scan());
        watcher.on('error', () => undefined);
      } catch {
        // Polling alone still works.
      }
    })
    .catch(() => undefined);
  const timer = setInterval(scan, pollMs);
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      (watcher as FSWatcher | null)?.close();
      await scanning;
    },
  };
}
