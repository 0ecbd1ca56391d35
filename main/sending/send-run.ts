import { AppError } from '../../shared/domain/app-error.js';
import { probeDelayMs, retryDelayMs } from '../wasp-api/retry-delay.js';
import type { CallOutcome } from '../wasp-api/call-outcome.js';
import { AdaptiveLimit } from './adaptive-limit.js';
import { attributeResults, singleRecordFailure } from './attribute.js';
import { chunk, clampBatchSize, halves } from './batching.js';
import { Pacer } from './pacer.js';
import type { BatchTransport, ItemOutcome, RunEnd, RunHooks, SendItem, SendOptions } from './types.js';
import { pause, Waker } from './wake.js';

export interface RunParams {
  items: readonly SendItem[];
  /**
   * Items after `items`, asked for a batch at a time as sending goes (a big job's rows are read
   * from disk as needed instead of all being held in memory); null or [] once there are no more.
   */
  more?: (max: number) => Promise<readonly SendItem[] | null>;
  transport: BatchTransport;
  hooks: RunHooks;
  options: SendOptions;
  /** Aborting it ends the run: in-flight calls are abandoned, their records stay pending. */
  signal: AbortSignal;
  /** Fired by the app when the OS says the network is back: cuts an offline wait short. */
  onlineHint?: Waker;
  now?: () => number;
  random?: () => number;
}

/** A planned batch; it completes when every piece split off it has been answered. */
interface Plan {
  open: number;
}

interface Piece {
  items: SendItem[];
  plan: Plan;
  attempts: number;
}

/**
 * Sends the items in batches and returns when all have an outcome or the run cannot go on.
 * Retryable answers wait (the server's number, else back-off) and try again; after maxAttempts,
 * or on a network failure, the run goes offline and probes until the server answers, then carries
 * on by itself. 401/403/other 4xx end the run: retrying cannot help and would only hammer Wasp.
 */
export async function runSend(p: RunParams): Promise<RunEnd> {
  const o = p.options;
  const now = p.now ?? Date.now;
  const onlineHint = p.onlineHint ?? new Waker();
  const queue: Piece[] = chunk(p.items, o.batchSize).map((items) => ({ items, plan: { open: 1 }, attempts: 0 }));
  let more = p.more ?? null;
  // Adaptive: one call at first, more only while Wasp answers fast and unthrottled (see AdaptiveLimit).
  const limit = new AdaptiveLimit({ max: Math.max(1, o.concurrency), initial: 1, now });
  const pacer = new Pacer(o.pacingMs, () => limit.current <= 1);
  const changed = new Waker();
  // Calls are aborted through this controller so that the run, not the caller, decides when.
  const calls = new AbortController();
  const stopCalls = () => calls.abort();
  p.signal.addEventListener('abort', stopCalls, { once: true });

  const tasks = new Set<Promise<void>>();
  let callsInFlight = 0;
  let gateUntil = 0;
  let halt: RunEnd | null = null;
  let offlineMessage: string | null = null;
  /** A retry wait was announced (where it is decided): 'sending' is said again when the next call starts. */
  let waitingAnnounced = false;
  let failure: unknown = null;

  const track = (task: Promise<void>) => {
    tasks.add(task);
    void task.finally(() => {
      tasks.delete(task);
      changed.fire();
    });
  };

  const launch = (piece: Piece) => {
    callsInFlight++;
    const startedAt = now();
    pacer.started(startedAt);
    track(
      (async () => {
        let outcome: CallOutcome;
        try {
          outcome = await p.transport.save(
            piece.items.map((i) => i.record),
            calls.signal,
          );
        } finally {
          callsInFlight--;
          pacer.ended(now());
        }
        // The next call may start while this outcome is being made durable; if we crash in between,
        // the batch is simply resent on recovery, which the upsert makes harmless.
        changed.fire();
        await settle(piece, outcome, now() - startedAt);
      })().catch((e: unknown) => {
        failure ??= e;
        // Whatever was not recorded is still pending on disk and will be sent again on resume.
        halt ??= {
          kind: 'fatal',
          message:
            e instanceof AppError
              ? e.message
              : 'An internal error stopped the job. Rows not yet recorded stay queued; resume the job to continue.',
        };
      }),
    );
  };

  async function settle(piece: Piece, outcome: CallOutcome, latencyMs: number): Promise<void> {
    switch (outcome.kind) {
      case 'done':
      case 'record-failures': {
        limit.success(latencyMs);
        const records = piece.items.map((i) => i.record);
        const verdicts = attributeResults(records, outcome.envelope);
        const resolved: ItemOutcome[] = [];
        const unknown: SendItem[] = [];
        piece.items.forEach((item, k) => {
          const v = verdicts[k];
          if (v === undefined) unknown.push(item);
          else
            resolved.push(
              v.status === 'failed'
                ? { id: item.id, status: 'failed', message: v.message, wasp: v.wasp }
                : toSaved(item.id, v),
            );
        });
        if (unknown.length === 1 && piece.items.length === 1) {
          const f = singleRecordFailure(outcome.envelope);
          resolved.push({ id: unknown[0]!.id, status: 'failed', message: f.message, wasp: f.wasp });
        } else if (unknown.length > 0) {
          const parts = unknown.length === 1 ? [unknown] : halves(unknown);
          piece.plan.open += parts.length;
          queue.unshift(...parts.map((items) => ({ items, plan: piece.plan, attempts: 0 })));
        }
        piece.plan.open--;
        const completed = piece.plan.open === 0 ? 1 : 0;
        if (resolved.length > 0 || completed > 0) await p.hooks.commit(resolved, completed);
        return;
      }
      case 'retryable': {
        if (isThrottling(outcome)) limit.throttled();
        piece.attempts++;
        queue.unshift(piece);
        if (outcome.reason === 'token-changed') return;
        if (piece.attempts >= o.maxAttempts) {
          piece.attempts = 0;
          offlineMessage ??= `${outcome.message} Still failing after ${o.maxAttempts} attempts; waiting for the site to recover.`;
          return;
        }
        const delay = retryDelayMs(outcome.retryAfterMs, piece.attempts, o.backoff, p.random);
        const until = now() + delay;
        if (until > gateUntil) {
          gateUntil = until;
          // Said when decided, as decided: announced later by the loop, a slow machine would report
          // less than the wait chosen (a 1 s floor shown as 0.97 s).
          waitingAnnounced = true;
          p.hooks.status({
            state: 'waiting',
            waitSeconds: Math.ceil(delay / 1000),
            waitMs: delay,
            message: outcome.message,
          });
        }
        return;
      }
      case 'offline':
        queue.unshift(piece);
        offlineMessage ??= outcome.message;
        return;
      case 'auth':
      case 'forbidden':
      case 'unreachable':
      case 'fatal':
        queue.unshift(piece);
        halt ??= { kind: outcome.kind, message: outcome.message };
        return;
      case 'cancelled':
        queue.unshift(piece);
        return;
    }
  }

  /** Waits out an outage: probe with back-off until the server answers, then let sending resume. */
  async function waitForServer(message: string): Promise<RunEnd | null> {
    let serverMs: number | undefined;
    let why = message;
    for (let attempt = 1; ; attempt++) {
      const ms = probeDelayMs(serverMs, attempt, o.probeBackoff, p.random);
      p.hooks.status({ state: 'offline', waitSeconds: Math.ceil(ms / 1000), waitMs: ms, message: why });
      await pause(ms, p.signal, onlineHint);
      if (p.signal.aborted) return { kind: 'interrupted' };
      const outcome = await p.transport.probe(calls.signal);
      switch (outcome.kind) {
        case 'done':
        case 'record-failures':
        case 'fatal':
          // The server answered something that is not about its availability: it is back.
          return null;
        case 'auth':
        case 'forbidden':
        case 'unreachable':
          return { kind: outcome.kind, message: outcome.message };
        case 'cancelled':
          return { kind: 'interrupted' };
        case 'retryable':
          serverMs = outcome.retryAfterMs;
          why = outcome.message;
          break;
        case 'offline':
          serverMs = undefined;
          why = outcome.message;
          break;
      }
    }
  }

  try {
    p.hooks.status({ state: 'sending' });
    for (;;) {
      if (p.signal.aborted) {
        await Promise.allSettled([...tasks]);
        return { kind: 'interrupted' };
      }
      if (failure !== null && tasks.size === 0)
        return halt ?? { kind: 'fatal', message: 'An internal error stopped the job.' };
      if (halt !== null) {
        if (tasks.size === 0) return halt;
        await changed.wait();
        continue;
      }
      if (offlineMessage !== null) {
        if (tasks.size > 0) {
          await changed.wait();
          continue;
        }
        const end = await waitForServer(offlineMessage);
        if (end !== null) return end;
        offlineMessage = null;
        gateUntil = 0;
        limit.restart();
        p.hooks.status({ state: 'sending' });
        continue;
      }
      if (queue.length === 0 && more !== null) {
        const source = more;
        try {
          const next = await source(clampBatchSize(o.batchSize));
          if (next === null || next.length === 0) more = null;
          else queue.push({ items: [...next], plan: { open: 1 }, attempts: 0 });
        } catch (e) {
          // The rows could not be read (disk trouble): what was not sent stays pending on disk.
          more = null;
          failure ??= e;
          halt ??= {
            kind: 'fatal',
            message: "The job's rows could not be read. Rows not yet sent stay queued; resume the job to continue.",
          };
        }
        continue;
      }
      if (queue.length === 0) {
        if (tasks.size === 0) return { kind: 'done' };
        await changed.wait();
        continue;
      }
      if (callsInFlight >= limit.current) {
        await changed.wait();
        continue;
      }
      const t = now();
      const readyAt = Math.max(gateUntil, pacer.nextAt());
      if (readyAt > t) {
        await pause(readyAt - t, p.signal, changed);
        continue;
      }
      if (waitingAnnounced) {
        waitingAnnounced = false;
        p.hooks.status({ state: 'sending' });
      }
      launch(queue.shift()!);
    }
  } finally {
    p.signal.removeEventListener('abort', stopCalls);
  }
}

/** Wasp pushing back: 429, 503, or any answer that says how long to wait. */
function isThrottling(outcome: Extract<CallOutcome, { kind: 'retryable' }>): boolean {
  return outcome.reason === 'rate-limited' || outcome.status === 503 || outcome.retryAfterMs !== undefined;
}

function toSaved(id: number, v: { message?: string; wasp?: ItemOutcome['wasp'] }): ItemOutcome {
  const out: ItemOutcome = { id, status: 'saved' };
  if (v.message !== undefined) out.message = v.message;
  if (v.wasp !== undefined) out.wasp = v.wasp;
  return out;
}
