import { randomUUID } from 'node:crypto';
import { open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { capitalise } from '../../shared/words/capitalise.js';
import { processRuns } from './process-runs.js';

/** Who holds a data folder, as written in its lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder called itself ("app", "cli"), so the message can name it. */
  owner: string;
  since: string;
}

export interface DataFolderLock {
  readonly path: string;
  release(): Promise<void>;
}

export type LockResult =
  { ok: true; lock: DataFolderLock } | { ok: false; holder: LockHolder; path: string; message: string };

interface LockFile extends LockHolder {
  nonce: string;
  /**
   * The holder's liveness endpoint: a Unix domain socket (macOS, Linux) or a named pipe (Windows)
   * the holder listens on for as long as it lives. Absent in locks written by older versions.
   */
  endpoint?: string;
}

export const LOCK_FILE = 'sender.lock';
const HEARTBEAT_MS = 20_000;
/** Only for holders on another machine (shared folder), where the pid cannot be checked. */
const REMOTE_STALE_MS = 2 * 60_000;

/** Locks held by this process, so a second open in the same process is refused like any other. */
const heldHere = new Set<string>();

/**
 * One sender per data folder: the lock file is created with O_EXCL ('wx'), which is atomic on
 * local filesystems, and names the holder's liveness endpoint. A lock whose holder is gone (a
 * crash, a SIGKILL, a power cut) is stale and taken over without anyone deleting anything; a live
 * holder makes acquiring fail with a message naming it (callers that want to wait, like the CLI,
 * retry: see waitForDataFolderLock).
 *
 * Why an endpoint rather than the pid alone: a pid is reused (after a reboot, or in containers where
 * pids restart at 1), so "process N exists" can be a stranger, and reading a process's start time
 * needs a different OS-specific call on each platform (/proc on Linux, sysctl on macOS, a WMI query
 * on Windows). A listening socket or named pipe is released by the kernel the instant its process
 * ends, however it ends, on all three systems, and its name carries this lock's random nonce, so a
 * later process cannot be mistaken for the holder. No native module is needed (an flock/LockFileEx
 * binding would have to be rebuilt for every Electron ABI). The pid check stays as the fallback
 * when no endpoint could be opened (an unwritable temp folder) or the lock is from an older version.
 */
export async function acquireDataFolderLock(dataDir: string, owner: string): Promise<LockResult> {
  const path = join(resolve(dataDir), LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    const nonce = randomUUID();
    const mine: LockFile = { pid: process.pid, host: hostname(), owner, since: new Date().toISOString(), nonce };
    // Only a free folder is worth opening an endpoint for: processes that wait poll this often.
    if (!heldHere.has(path) && (await readHolder(path)) === 'gone') {
      const live = await openLivenessEndpoint(nonce, dirname(path));
      if (live !== null) mine.endpoint = live.endpoint;
      try {
        const fh = await open(path, 'wx');
        try {
          await fh.writeFile(JSON.stringify(mine));
          await fh.sync();
        } finally {
          await fh.close();
        }
        heldHere.add(path);
        return { ok: true, lock: makeLock(path, mine.nonce, live?.server ?? null) };
      } catch (e) {
        live?.server.close();
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const holder = await readHolder(path);
    if (holder === 'gone') continue;
    if (holder !== 'unreadable' && !(await isStale(path, holder))) return refused(path, holder);
    if (holder === 'unreadable' && !(await olderThan(path, 5_000))) {
      // Being written by a process that is creating it right now; give it a moment.
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    await breakStaleLock(path, holder === 'unreadable' ? null : holder.nonce);
    if (holder !== 'unreadable' && holder.endpoint !== undefined && process.platform !== 'win32')
      await unlink(holder.endpoint).catch(() => undefined);
  }
  const holder = await readHolder(path);
  return refused(
    path,
    typeof holder === 'object' ? holder : { pid: 0, host: '?', owner: 'another program', since: '?' },
  );
}

/**
 * The lock a queue works under: none for a read-only listing (it never sends or writes), the one
 * the caller already took (the CLI waits for it), or the folder's own, taken now.
 */
export async function senderLockFor(
  dataDir: string,
  o: { readOnly?: boolean | undefined; lock?: DataFolderLock | undefined; owner?: string | undefined },
): Promise<LockResult> {
  if (o.readOnly === true) return { ok: true, lock: { path: '', release: async () => {} } };
  if (o.lock !== undefined) return { ok: true, lock: o.lock };
  return acquireDataFolderLock(dataDir, o.owner ?? 'program');
}

/** Who holds a folder, in words for the middle of a sentence: "the Wasp Phone Importer app". */
export function holderName(holder: Pick<LockHolder, 'owner'>): string {
  return holder.owner === 'app'
    ? 'the Wasp Phone Importer app'
    : holder.owner === 'cli'
      ? 'another wasp-phones command'
      : `another ${holder.owner}`;
}

function refused(path: string, holder: LockHolder): LockResult {
  const who = capitalise(holderName(holder));
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
  return {
    ok: false,
    holder: { pid: holder.pid, host: holder.host, owner: holder.owner, since: holder.since },
    path,
    message: `${who} (${where}) is already using this data folder, so sending from here could send the same rows twice. Close it first, or use a different data folder.`,
  };
}

async function readHolder(path: string): Promise<LockFile | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockFile>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.nonce === 'string') {
      const holder: LockFile = {
        pid: v.pid,
        host: v.host,
        owner: typeof v.owner === 'string' ? v.owner : 'program',
        since: typeof v.since === 'string' ? v.since : '?',
        nonce: v.nonce,
      };
      if (typeof v.endpoint === 'string' && v.endpoint !== '') holder.endpoint = v.endpoint;
      return holder;
    }
  } catch {
    /* fall through */
  }
  return 'unreadable';
}

async function isStale(path: string, holder: LockFile): Promise<boolean> {
  if (holder.host !== hostname()) return olderThan(path, REMOTE_STALE_MS);
  // Our own pid in a lock we do not hold: a previous run of a container whose pids restart at 1.
  if (holder.pid === process.pid) return !heldHere.has(path);
  if (holder.endpoint !== undefined) {
    const alive = await endpointAlive(holder.endpoint);
    if (alive !== null) return !alive;
  }
  return !processRuns(holder.pid);
}

/** Socket paths longer than this do not fit sockaddr_un on macOS (104 bytes) or Linux (108). */
const MAX_SOCKET_PATH = 100;

/**
 * Where the endpoint may live, best first. Windows: a named pipe (one global namespace). Elsewhere:
 * a socket file beside the lock, so every process that sees the lock sees the socket (a service
 * with a private /tmp would not see one in the temp folder); the temp folder when the data folder's
 * path is too long for a socket or cannot hold one (a network share).
 */
function endpointNames(nonce: string, folder: string): string[] {
  const id = nonce.replace(/-/g, '').slice(0, 16);
  if (process.platform === 'win32') return [`\\\\.\\pipe\\wasp-phones-${id}`];
  return [join(folder, `.sender-${id}.sock`), join(tmpdir(), `wasp-phones-${id}.sock`)].filter(
    (p) => Buffer.byteLength(p) <= MAX_SOCKET_PATH,
  );
}

async function openLivenessEndpoint(
  nonce: string,
  folder: string,
): Promise<{ endpoint: string; server: Server } | null> {
  for (const endpoint of endpointNames(nonce, folder)) {
    const server = await listenOn(endpoint, nonce);
    if (server !== null) return { endpoint, server };
  }
  return null;
}

async function listenOn(endpoint: string, nonce: string): Promise<Server | null> {
  const server = createServer((socket) => {
    // The asker hangs up as soon as it is connected: a reset here is the normal end, never a crash.
    socket.on('error', () => undefined);
    socket.end(`${nonce}\n`);
  });
  server.on('error', () => undefined);
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(endpoint, () => resolveListen());
    });
  } catch {
    server.close();
    return null;
  }
  // Never what keeps a process alive.
  server.unref();
  return server;
}

/**
 * true: the holder answers; false: nobody listens (its process ended); null: cannot tell (then the
 * pid decides). A holder whose event loop is busy still answers: the kernel accepts the connection.
 */
function endpointAlive(endpoint: string): Promise<boolean | null> {
  return new Promise((resolveAlive) => {
    let settled = false;
    const socket = connect(endpoint);
    const finish = (v: boolean | null) => {
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolveAlive(v);
    };
    const timer = setTimeout(() => finish(true), 3_000);
    socket.once('connect', () => finish(true));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      // A socket file nobody listens on is a holder that ended. A missing one is definite on Windows
      // (pipes share one namespace); elsewhere this process may just not see that folder: ask the pid.
      if (e.code === 'ECONNREFUSED' || (e.code === 'ENOENT' && process.platform === 'win32')) finish(false);
      else finish(null);
    });
  });
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return true;
  }
}

/**
 * Moves the stale lock aside, then checks that what was moved is the lock judged stale: if another
 * process broke it and took the folder in between, its fresh lock is put back instead of stolen.
 */
async function breakStaleLock(path: string, staleNonce: string | null): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readHolder(aside);
  if (typeof moved === 'object' && staleNonce !== null && moved.nonce !== staleNonce) {
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
}

function makeLock(path: string, nonce: string, liveness: Server | null): DataFolderLock {
  // The heartbeat lets a process on another machine (shared folder) tell a live lock from a dead one.
  const beat = setInterval(() => {
    const t = new Date();
    void utimes(path, t, t).catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      heldHere.delete(path);
      const holder = await readHolder(path).catch(() => 'gone' as const);
      if (typeof holder === 'object' && holder.nonce === nonce) await unlink(path).catch(() => undefined);
      // Closing a Unix socket server also removes its socket file.
      await new Promise<void>((r) => (liveness === null ? r() : liveness.close(() => r())));
    },
  };
}
