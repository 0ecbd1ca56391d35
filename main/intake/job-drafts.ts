import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { err, ok, type AppErrorValue, type Result } from '../../shared/domain/app-error.js';
import type { JobSummary } from '../../shared/domain/job.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import type { BeginJobRequest } from '../../shared/ipc/request-schemas.js';
import type { JobService } from '../jobs/job-service.js';
import { newJobFolder, placeJob } from '../jobs/job-folders.js';
import type { CommitResult } from './draft-builder.js';
import type { DraftOp, DraftReply } from './draft-protocol.js';
import { startModuleWorker } from './module-worker.js';

export interface JobDraftsOptions {
  jobs: JobService;
  knownPhoneTypes: () => Promise<string[]>;
  /** A draft nobody adds to or commits for this long is abandoned (a window closed half way). */
  idleMs?: number;
  /** At most this many drafts at once. */
  maxDrafts?: number;
  startWorker?: () => Worker;
}

export type BeginDraft = Omit<BeginJobRequest, 'start'> & { start?: boolean | 'later' };

interface Draft {
  id: string;
  dir: string;
  request: BeginDraft;
  timer: NodeJS.Timeout | undefined;
  /** Calls on one draft run one after another, in the order they came. */
  tail: Promise<unknown>;
  closed: boolean;
}

/**
 * Jobs created in parts (the IPC's beginJob → addJobRows → commitJob, and the CLI). Each draft is
 * a hidden folder under jobs/ (`.tmp-draft-…`, which the job queue removes on its next start) that
 * a worker thread fills: it parses and checks every row, and on commit judges them all with the
 * shared rules and writes the job's files, synced. Main only renames the finished folder into place
 * and hands it to the queue, so nothing is queued until the job is durable, and a draft that is
 * abandoned — explicitly, by idling out (a window closed), or by a crash — leaves nothing behind.
 */
export class JobDrafts {
  private readonly drafts = new Map<string, Draft>();
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, (reply: DraftReply) => void>();
  private readonly idleMs: number;
  private readonly maxDrafts: number;

  constructor(private readonly options: JobDraftsOptions) {
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.maxDrafts = options.maxDrafts ?? 4;
  }

  get open(): number {
    return this.drafts.size;
  }

  async begin(request: BeginDraft): Promise<Result<{ draftId: string }>> {
    const problem = this.options.jobs.creationProblem();
    if (problem !== null) return { ok: false, error: problem };
    if (request.name.trim() === '') return err('validation', 'Give the job a name.');
    const site = parseSiteUrl(request.site);
    if (!site.ok) return site;
    if (this.drafts.size >= this.maxDrafts)
      return err('validation', 'Too many jobs are being created at once. Wait for one to finish, then try again.');
    const id = randomUUID();
    let dir: string;
    try {
      dir = await newJobFolder(this.options.jobs.dataFolder, `draft-${id}`);
    } catch (e) {
      return err('internal', `The job could not be started on disk (${ioCode(e)}). Nothing was queued.`);
    }
    const draft: Draft = {
      id,
      dir,
      request: { ...request, name: request.name.trim(), site: site.value },
      timer: undefined,
      tail: Promise.resolve(),
      closed: false,
    };
    this.drafts.set(id, draft);
    const r = await this.call(draft, {
      op: 'begin',
      spec: { dir, total: request.total, headersLength: request.headers.length },
    });
    if (!r.ok) {
      await this.drop(draft);
      return r;
    }
    this.touch(draft);
    return ok({ draftId: id });
  }

  /** One page, in order. A refused page ends the draft: nothing of it is kept. */
  async add(draftId: string, part: number, rows: string | readonly unknown[]): Promise<Result<{ received: number }>> {
    const draft = this.drafts.get(draftId);
    if (draft === undefined) return gone();
    // The idle clock runs only while nobody is working on the draft.
    clearTimeout(draft.timer);
    const r = await this.serial(draft, () => this.call(draft, { op: 'add', part, rows }));
    if (!r.ok) {
      await this.drop(draft);
      return r;
    }
    if (this.drafts.has(draftId)) this.touch(draft);
    return ok({ received: r.value as number });
  }

  async commit(draftId: string): Promise<Result<JobSummary>> {
    const draft = this.drafts.get(draftId);
    if (draft === undefined) return gone();
    clearTimeout(draft.timer);
    return this.serial(draft, async (): Promise<Result<JobSummary>> => {
      const jobId = randomUUID();
      const spec = {
        id: jobId,
        name: draft.request.name,
        site: draft.request.site,
        createdAt: new Date().toISOString(),
        mapping: draft.request.mapping,
        headers: draft.request.headers,
        knownPhoneTypes: await this.options.knownPhoneTypes().catch(() => []),
        start: draft.request.start ?? true,
      };
      const r = await this.call(draft, { op: 'commit', spec });
      if (!r.ok) {
        await this.drop(draft);
        return r;
      }
      void (r.value as CommitResult);
      try {
        await placeJob(this.options.jobs.dataFolder, draft.dir, jobId);
      } catch (e) {
        await this.drop(draft);
        return err('internal', `The job could not be saved to disk (${ioCode(e)}). Nothing was queued.`);
      }
      draft.closed = true;
      this.forget(draft);
      return this.options.jobs.adoptJob(jobId, draft.request.start === false ? false : (draft.request.start ?? true));
    });
  }

  async abandon(draftId: string): Promise<Result<{ abandoned: boolean }>> {
    const draft = this.drafts.get(draftId);
    if (draft === undefined) return ok({ abandoned: false });
    await this.drop(draft);
    return ok({ abandoned: true });
  }

  /** Every draft in progress is dropped (the app closing); the worker stops. */
  async close(): Promise<void> {
    await Promise.all([...this.drafts.values()].map((d) => this.drop(d)));
    await this.worker?.terminate();
    this.worker = null;
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      const d = this.drafts.get(id);
      if (d !== undefined) void this.drop(d);
    }, this.idleMs);
    t.unref();
    return t;
  }

  private touch(draft: Draft): void {
    clearTimeout(draft.timer);
    draft.timer = this.idleTimer(draft.id);
  }

  private serial<T>(draft: Draft, fn: () => Promise<T>): Promise<T> {
    const next = draft.tail.then(fn, fn);
    draft.tail = next.catch(() => undefined);
    return next;
  }

  private forget(draft: Draft): void {
    clearTimeout(draft.timer);
    this.drafts.delete(draft.id);
    if (this.drafts.size > 0) return;
    this.worker?.unref();
    // The worker's heap held a whole job's records while judging it: give that memory back as soon
    // as the last draft is done (a new worker starts in milliseconds when the next job comes).
    const t = setTimeout(() => {
      if (this.drafts.size === 0 && this.waiting.size === 0 && this.worker !== null) {
        const w = this.worker;
        this.worker = null;
        void w.terminate();
      }
    }, 0);
    t.unref();
  }

  private async drop(draft: Draft): Promise<void> {
    if (!this.drafts.has(draft.id)) return;
    this.forget(draft);
    if (!draft.closed) {
      draft.closed = true;
      await this.call(draft, { op: 'abandon' }).catch(() => undefined);
      await rm(draft.dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private call(draft: Draft, req: DraftOp): Promise<Result<unknown>> {
    const worker = this.ensureWorker();
    worker.ref();
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, (reply) => resolve(reply.ok ? ok(reply.value) : { ok: false, error: reply.error }));
      worker.postMessage({ ...req, seq, draftId: draft.id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = (
      this.options.startWorker ?? (() => startModuleWorker(new URL('./draft-worker.js', import.meta.url)))
    )();
    worker.on('message', (reply: DraftReply) => {
      const w = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      w?.(reply);
    });
    const fail = (why: string) => {
      // A dead worker loses its drafts; each waiting caller learns it, nothing was queued.
      this.worker = null;
      const error: AppErrorValue = {
        kind: 'internal',
        message: `The job could not be prepared (${why}). Nothing was queued.`,
      };
      for (const [seq, w] of this.waiting) {
        this.waiting.delete(seq);
        w({ seq, ok: false, error });
      }
      for (const d of [...this.drafts.values()]) void this.drop(d);
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`the worker stopped with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }
}

const gone = (): Result<never> =>
  err(
    'validation',
    'That job draft no longer exists (it was abandoned, timed out or already committed). Nothing was queued; create the job again.',
  );

function ioCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}
