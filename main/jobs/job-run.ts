import { join } from 'node:path';
import { AppError } from '../../shared/domain/app-error.js';
import { runSend } from '../sending/send-run.js';
import type { BatchTransport, ItemOutcome, RunStatus, SendItem, SendOptions } from '../sending/types.js';
import type { Waker } from '../sending/wake.js';
import type { CallOutcome } from '../wasp-api/call-outcome.js';
import { createWaspClient, type WaspClient } from '../wasp-api/client.js';
import { compactJournal } from './job-compaction.js';
import { readDefinition } from './job-definition.js';
import { diskStopMessage } from './job-errors.js';
import { JOURNAL_FILE, STATUS } from './job-files.js';
import { encodeOutcomes } from './job-outcomes.js';
import { Journal } from './journal.js';
import { persistState, restUnrecorded, type LiveJob, type ProgressSnapshot, type Run } from './live-job.js';
import { RateMeter } from './rate-meter.js';
import { PendingRowReader } from './row-index.js';

/** What a run needs from the queue that starts it. */
export interface RunContext {
  /** The token for a site, or null when none is saved. */
  getToken: (site: string) => Promise<string | null>;
  /** Product version and OS for the User-Agent. */
  version: string;
  os?: string | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Wraps the job's transport (the reachability check that tells a wrong address from a lost network). */
  transport?: ((site: string, inner: BatchTransport) => BatchTransport) | undefined;
  /** The send settings as they are when the run starts. */
  sendOptions: SendOptions;
  /** Fired when the network is said to be back: an offline run probes at once. */
  online: Waker;
  /** Tells the queue's listeners how the job stands (`at`: as of a recorded batch). */
  emit(job: LiveJob, at?: ProgressSnapshot): void;
}

/**
 * Starts sending a job's pending rows. The run records each answered batch in the journal before
 * anything in memory changes, and brings the job to rest in the state its end calls for; `ended`
 * is called once the job rests (state, events and the next run are the queue's to decide).
 */
export function startRun(job: LiveJob, ctx: RunContext, ended: () => void): Run {
  const run: Run = {
    abort: new AbortController(),
    reason: null,
    token: { value: '' },
    rate: new RateMeter(),
    done: Promise.resolve(),
  };
  job.run = run;
  run.done = sendJob(job, run, ctx).finally(() => {
    job.run = null;
    job.runBatches = null;
    job.waitSeconds = undefined;
    job.state = job.persisted;
    job.stateMessage = job.persistedMessage;
    ended();
  });
  return run;
}

/** The saved token for a site; a failing or empty lookup counts as none. */
export async function tokenFor(getToken: RunContext['getToken'], site: string): Promise<string | null> {
  try {
    const t = await getToken(site);
    return t === null || t.trim() === '' ? null : t;
  } catch {
    return null;
  }
}

const NO_TOKEN_MESSAGE = 'No API token is saved for this site. Connect to Wasp again to continue sending.';

async function sendJob(job: LiveJob, run: Run, ctx: RunContext): Promise<void> {
  // An indexed job's rows are read from disk as the run asks for them (PendingRowReader): a run
  // never holds every pending row of a million-row job as objects in main.
  let pendingRows: PendingRowReader | null = null;
  try {
    const items = await keptItems(job);
    if (items === null) pendingRows = await PendingRowReader.open(job.dir, job.status);
    job.sendable = null;
    const toSend = items?.length ?? countPending(job.status);
    if (run.abort.signal.aborted) return afterInterrupt(job, run);
    if (toSend === 0) return void (await persistState(job, 'done'));

    const token = await tokenFor(ctx.getToken, job.site);
    if (run.abort.signal.aborted) return afterInterrupt(job, run);
    if (token === null) return void (await persistState(job, 'auth', NO_TOKEN_MESSAGE));
    run.token.value = token;
    const client = createWaspClient({
      site: job.site,
      token: () => run.token.value,
      version: ctx.version,
      os: ctx.os,
      timeoutMs: ctx.timeoutMs,
      fetch: ctx.fetch,
    });
    if (!client.ok) return void (await persistState(job, 'stopped', client.error.message));

    job.journal = await Journal.open(join(job.dir, JOURNAL_FILE));
    job.runBatches = job.batchesDone + Math.ceil(toSend / ctx.sendOptions.batchSize);
    run.rate.start(Date.now());
    const transport = tokenAwareTransport(client.value, run.token);
    const rows = pendingRows;
    const end = await runSend({
      items: items ?? [],
      ...(rows === null ? {} : { more: (max: number) => rows.take(max) }),
      transport: ctx.transport ? ctx.transport(job.site, transport) : transport,
      options: ctx.sendOptions,
      signal: run.abort.signal,
      onlineHint: ctx.online,
      hooks: {
        commit: (outcomes, completed) => commit(job, run, ctx, outcomes, completed),
        status: (s) => liveStatus(job, ctx, s),
      },
    });
    switch (end.kind) {
      case 'done':
        // Every sent row has an outcome by now; rows still pending would mean a bug, and
        // re-queueing them would loop, so the job rests where a person can see it.
        if (job.counts.pending === 0) await persistState(job, 'done');
        else
          await persistState(
            job,
            'stopped',
            `${job.counts.pending} rows got no answer from Wasp. Resume the job to send them again.`,
          );
        return;
      case 'interrupted':
        return afterInterrupt(job, run);
      case 'auth':
      case 'forbidden':
      case 'unreachable':
        await persistState(job, end.kind, end.message);
        return;
      case 'fatal':
        await persistState(job, 'stopped', end.message);
        return;
    }
  } catch (e) {
    // Disk trouble: nothing unrecorded is lost (rows stay pending), but the job cannot go on by itself.
    const message = diskStopMessage(e);
    // If even the stop cannot be written, the job still rests as stopped here: left 'queued', the
    // schedule would restart it at once, forever. On disk it stays queued, so the next start retries it.
    await persistState(job, 'stopped', message).catch(() => restUnrecorded(job, 'stopped', message));
  } finally {
    await pendingRows?.close().catch(() => undefined);
    await job.journal?.close().catch(() => undefined);
    job.journal = null;
    // A finished job's journal becomes its final state; a failure only costs the saving.
    if (job.persisted === 'done' && !job.deleting) await compactJournal(job.dir).catch(() => undefined);
  }
}

/** The rows still to send from those kept at creation (or a version-1 job.json); null for an indexed job read as it goes. */
async function keptItems(job: LiveJob): Promise<SendItem[] | null> {
  const pending = (item: SendItem) => job.status[item.id] === STATUS.pending;
  if (job.sendable !== null) return job.sendable.every(pending) ? job.sendable : job.sendable.filter(pending);
  if (job.indexed) return null;
  const { rows } = await readDefinition(job.dir);
  const items: SendItem[] = [];
  for (let i = 0; i < rows.length; i++)
    if (job.status[i] === STATUS.pending) items.push({ id: i, record: rows[i]!.record });
  return items;
}

async function afterInterrupt(job: LiveJob, run: Run): Promise<void> {
  // On close the job stays 'queued' on disk, so the next start picks it up by itself.
  if (run.reason === 'pause') await persistState(job, 'paused');
  else if (run.reason === 'cancel' && !job.deleting) await persistState(job, 'stopped');
}

async function commit(
  job: LiveJob,
  run: Run,
  ctx: RunContext,
  outcomes: ItemOutcome[],
  completed: number,
): Promise<void> {
  // Only pending rows may change: an answer for a row that already has one is not counted again.
  const fresh = outcomes.filter((o) => job.status[o.id] === STATUS.pending);
  const at = new Date().toISOString();
  // The journal is the truth: memory (counts, events, the CLI's summary) changes only once the
  // line is on disk, so a full disk can never leave rows counted saved that a restart sends again.
  const entry = encodeOutcomes(fresh, job.batchesDone + completed, at);
  try {
    await job.journal!.append(entry);
  } catch (e) {
    throw new AppError('internal', diskStopMessage(e));
  }
  // The row index's messages follow the journal, never run ahead of it.
  if (job.details !== null) for (const t of [...(entry.f ?? []), ...(entry.w ?? [])]) job.details.set(t[0], t);
  for (const o of fresh) {
    if (job.status[o.id] !== STATUS.pending) continue;
    job.status[o.id] = o.status === 'saved' ? STATUS.saved : STATUS.failed;
    job.counts.pending--;
    job.counts[o.status]++;
  }
  job.batchesDone += completed;
  job.updatedAt = at;
  // The event reports this batch as it stood, even if the next batch lands while this one is synced.
  const snapshot = { counts: { ...job.counts }, batch: job.batchesDone };
  run.rate.add(Date.now(), fresh.length);
  ctx.emit(job, snapshot);
}

function liveStatus(job: LiveJob, ctx: RunContext, s: RunStatus): void {
  job.state = s.state;
  job.waitSeconds = s.state === 'sending' ? undefined : s.waitSeconds;
  job.stateMessage = s.state === 'sending' ? undefined : s.message;
  ctx.emit(job);
}

/**
 * Wraps the client so that a 401 answered to a token that has since been replaced is not taken as
 * a rejection of the new token: the call is simply made again with the new one.
 */
function tokenAwareTransport(client: WaspClient, token: { value: string }): BatchTransport {
  const guard = async (used: string, outcome: Promise<CallOutcome>): Promise<CallOutcome> => {
    const o = await outcome;
    if (o.kind === 'auth' && token.value !== used)
      return { kind: 'retryable', reason: 'token-changed', message: 'Retrying with the new token.' };
    return o;
  };
  return {
    save: (records, signal) => guard(token.value, client.save(records, signal)),
    probe: (signal) => guard(token.value, client.probe(signal)),
  };
}

/** Rows still pending (one byte a row): what a run of an indexed job has to send. */
function countPending(status: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < status.length; i++) if (status[i] === STATUS.pending) n++;
  return n;
}
