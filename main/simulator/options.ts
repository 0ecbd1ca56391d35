import { DEFAULT_PHONE_TYPES, SANDBOX_NO_PERMISSION_TOKEN, SANDBOX_TOKEN } from './sandbox.js';

/**
 * How ResultList is filled, since the real server's choice is unknown:
 * per-record: one entry per request record, in request order;
 * failures-with-key: entries only for failed records, each carrying the customer number;
 * failures-without-key: entries only for failed records, with nothing that identifies the record.
 */
export type ResultMode = 'per-record' | 'failures-with-key' | 'failures-without-key';

/** A scripted misbehaviour, applied to the next save call (probes included), in order. */
export type SimFault =
  /** An HTTP error answer; for 429 the reset header carries `resetSeconds` (default 1). */
  | { kind: 'http'; status: number; resetSeconds?: number; header?: 'wasp' | 'retry-after' | 'none'; body?: string }
  /** Drop the connection with a TCP reset; `afterSave` applies the records first (an ambiguous failure). */
  | { kind: 'reset'; afterSave?: boolean }
  /** Never answer (until the simulator closes); `afterSave` applies the records first. */
  | { kind: 'hang'; afterSave?: boolean }
  /** Answer 200 with a body that is not JSON; `afterSave` applies the records first. */
  | { kind: 'malformed'; afterSave?: boolean }
  | { kind: 'redirect'; location: string; status?: number }
  /** Answer 200 with this exact body after applying the records (for envelope-variant tests). */
  | { kind: 'raw'; body: string; status?: number };

export interface RateLimit {
  /** Save calls allowed per window. */
  maxCalls: number;
  windowMs: number;
  /** Seconds put into `wasp-overloadprotection-reset`. */
  resetSeconds: number;
}

export interface SimulatorOptions {
  /** Loopback only; the default is 127.0.0.1. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Tokens accepted with the "Update Customer" permission. */
  tokens: string[];
  /** Tokens accepted but lacking the permission: 403. */
  noPermissionTokens: string[];
  /** 'any' accepts every non-empty customer number (the Sandbox default). */
  customers: 'any' | string[];
  /** Known phone types, compared case-insensitively like Wasp's lookups. */
  phoneTypes: string[];
  resultMode: ResultMode;
  /** For failures-with-key: where the customer number goes. */
  keyIn: 'FieldName' | 'Message';
  /** Which of the two duplicate customer fields the simulated server reads. */
  prefers: 'CustomerNumber' | 'CustomerNo';
  /** Spelling of the successful-count field in answers. */
  spelling: 'SuccessfullResults' | 'SuccessfulResults';
  /** Delay before every answer to a save call. */
  latencyMs: number;
  rateLimit: RateLimit | null;
  maxRecords: number;
  /**
   * Serve the /__sim/* inspection and scripting endpoints (tests, the benchmark). The app's built-in
   * Sandbox turns them off: nothing on this computer should be able to script the app's simulator.
   */
  controls: boolean;
  /**
   * Keep every phone saved (for inspect(), savedCount() and resend checks). The app's Sandbox keeps
   * none: with its controls off nothing can read them, and a Sandbox job of 1,000,000 rows would
   * otherwise leave a million phones in the app's main process for as long as it runs (and every
   * garbage collection there copying or marking them). Answers are the same either way.
   */
  keepPhones: boolean;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  host: '127.0.0.1',
  port: 0,
  tokens: [SANDBOX_TOKEN],
  noPermissionTokens: [SANDBOX_NO_PERMISSION_TOKEN],
  customers: 'any',
  phoneTypes: [...DEFAULT_PHONE_TYPES],
  resultMode: 'per-record',
  keyIn: 'FieldName',
  prefers: 'CustomerNumber',
  spelling: 'SuccessfullResults',
  latencyMs: 0,
  rateLimit: null,
  maxRecords: 500,
  controls: true,
  keepPhones: true,
};
