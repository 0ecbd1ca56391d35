import type { WaspRecordResult } from '../../shared/domain/job.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { CallOutcome } from '../wasp-api/call-outcome.js';
import type { BackoffPolicy } from '../wasp-api/retry-delay.js';

/** A record to send, with the caller's id for it (the job uses the row's index). */
export interface SendItem {
  id: number;
  record: PhoneRecord;
}

/** What became of one record. A record with no outcome yet is still pending. */
export interface ItemOutcome {
  id: number;
  status: 'saved' | 'failed';
  /** Wasp's message (failures always have one; saved records only for warnings). */
  message?: string;
  wasp?: WaspRecordResult;
}

/** The two calls the engine makes; a WaspClient fits, tests may wrap one. */
export interface BatchTransport {
  save(records: readonly PhoneRecord[], signal: AbortSignal): Promise<CallOutcome>;
  probe(signal: AbortSignal): Promise<CallOutcome>;
}

export interface SendOptions {
  /** Records per call, 1..500 (Wasp's maximum). */
  batchSize: number;
  /** Minimum gap between calls: ~300 ms is the figure reported safe for Wasp. */
  pacingMs: number;
  /**
   * Most calls in flight at once (the adaptive limit's ceiling; it always starts at one call and
   * grows only while Wasp answers fast and unthrottled). 1 = strictly sequential.
   */
  concurrency: number;
  /** Calls per batch before the job is considered offline and switches to probing. */
  maxAttempts: number;
  /** Waits between attempts when the server gave no number. */
  backoff: BackoffPolicy;
  /** Waits between connectivity probes while offline. */
  probeBackoff: BackoffPolicy;
}

export const MAX_BATCH_SIZE = 500;
/** The most calls in flight anyone may ask for (settings, CLI --max-parallel). */
export const MAX_PARALLEL = 4;

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  batchSize: MAX_BATCH_SIZE,
  pacingMs: 300,
  concurrency: 4,
  maxAttempts: 5,
  backoff: { baseMs: 2_000, capMs: 30_000, maxServerWaitMs: 10 * 60_000 },
  probeBackoff: { baseMs: 2_000, capMs: 120_000, maxServerWaitMs: 10 * 60_000 },
};

/** What the engine is doing, for progress events. */
export type RunStatus =
  | { state: 'sending' }
  | { state: 'waiting'; waitSeconds: number; waitMs?: number; message: string }
  | { state: 'offline'; waitSeconds: number; waitMs?: number; message: string };

export interface RunHooks {
  /**
   * Records outcomes durably. `batchesCompleted` counts the planned batches that this commit
   * finished (a batch split to find failing rows finishes with its last piece).
   */
  commit(outcomes: ItemOutcome[], batchesCompleted: number): Promise<void>;
  status(status: RunStatus): void;
}

/** How a run ended. `interrupted`: the caller's signal fired (pause, cancel, shutdown). */
export type RunEnd =
  | { kind: 'done' }
  | { kind: 'interrupted' }
  | { kind: 'auth'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'fatal'; message: string };
