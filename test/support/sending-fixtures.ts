import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mapping } from '../../shared/domain/job.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import type { RowVerdict } from '../../shared/records/judge-rows.js';
import type { NewJob, NewJobRow } from '../../main/jobs/job-service.js';
import type { SendOptions } from '../../main/sending/types.js';
import type { WaspEnvelope } from '../../main/wasp-api/envelope.js';

export const MAPPING: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'column', column: 'Ext' },
  PhoneTypeName: { kind: 'column', column: 'Type' },
};
export const HEADERS = ['Customer', 'Phone', 'Ext', 'Type'];

/** Fast settings for tests: no pacing, millisecond back-offs. */
export const FAST: Partial<SendOptions> = {
  pacingMs: 0,
  maxAttempts: 3,
  backoff: { baseMs: 5, capMs: 20, maxServerWaitMs: 50 },
  probeBackoff: { baseMs: 10, capMs: 40, maxServerWaitMs: 50 },
};

export function record(customer: string, type = 'Office', phone?: string, ext = ''): PhoneRecord {
  return {
    CustomerNumber: customer,
    PhoneNumber: phone ?? `+1 555 ${customer.replace(/\D/g, '').padStart(4, '0')}`,
    PhoneExtension: ext,
    PhoneTypeName: type,
  };
}

/** A parsed Wasp answer: nothing in it unless `p` says so (no error, no results, no totals). */
export function envelope(p: Partial<WaspEnvelope> = {}): WaspEnvelope {
  return {
    hasError: false,
    resultList: [],
    messages: [],
    successfulResults: undefined,
    totalResults: undefined,
    errorCount: undefined,
    ...p,
  };
}

/** A sheet row and, where a test says so, the verdict the shared rules would have given it. */
export type TestRow = NewJobRow & { status?: RowVerdict['status']; message?: string };

/** n distinct customers C100000.., one Office phone each; sheet rows start at 2 (row 1 is the header). */
export function rows(n: number, make: (i: number) => PhoneRecord = (i) => record(`C${100_000 + i}`)): TestRow[] {
  return Array.from({ length: n }, (_, i) => {
    const r = make(i);
    return { row: i + 2, cells: [r.CustomerNumber, r.PhoneNumber, r.PhoneExtension, r.PhoneTypeName], record: r };
  });
}

/** The job createJob is handed: the rows as read, and their verdicts when any row has one. */
export function job(site: string, list: TestRow[], name = 'test job'): NewJob {
  const rows = list.map(({ row, cells, record }) => ({ row, cells, record }));
  const base = { name, site, mapping: MAPPING, headers: HEADERS, rows };
  if (list.every((r) => r.status === undefined)) return base;
  const verdicts = list.map((r): RowVerdict => {
    if (r.status === undefined) return { status: 'pending' };
    return r.message === undefined ? { status: r.status } : { status: r.status, message: r.message };
  });
  return { ...base, verdicts };
}

export async function tempDir(prefix = 'wasp-send-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
