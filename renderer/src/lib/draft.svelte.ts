import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { CountryCode } from 'libphonenumber-js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';

/** One row on its way to a job: where it came from, its cells as read, and the record to send. */
export interface DraftRow {
  row: number;
  cells: string[];
  record: PhoneRecord;
  excluded: boolean;
}

export type DraftSource = { kind: 'file'; fileName: string; sheet: string } | { kind: 'retry'; jobId: string; jobName: string };

/**
 * The records being reviewed before they become a job. The Import screen fills it from a sheet and
 * a mapping; "Retry failed rows" fills it from a finished job; the Review screen edits it.
 * `rows` is raw state: replaced as a whole on each edit, never deep-proxied (it may hold 100k rows).
 */
class Draft {
  source = $state<DraftSource | null>(null);
  headers = $state<string[]>([]);
  mapping = $state<Mapping | null>(null);
  rows = $state.raw<DraftRow[]>([]);
  /** The format the phones were converted to on import; Review questions numbers not in it. */
  phoneFormat = $state<PhoneFormat>('as-displayed');
  /** The country assumed when converting, so Review can show a doubtful conversion before/after. */
  defaultCountry = $state<CountryCode | undefined>(undefined);
  /** Bumped on every edit, for consumers that cache per version. */
  version = $state(0);
}
export const draft = new Draft();

export function setDraft(
  source: DraftSource,
  headers: string[],
  mapping: Mapping,
  rows: DraftRow[],
  phoneFormat: PhoneFormat = 'as-displayed',
  defaultCountry?: CountryCode,
): void {
  draft.phoneFormat = phoneFormat;
  draft.defaultCountry = defaultCountry;
  draft.source = source;
  draft.headers = headers;
  draft.mapping = mapping;
  draft.rows = rows;
  draft.version++;
}

export function editDraftRow(index: number, change: Partial<PhoneRecord> | { excluded: boolean }): void {
  const current = draft.rows[index];
  if (!current) return;
  const next: DraftRow = 'excluded' in change ? { ...current, excluded: change.excluded } : { ...current, record: { ...current.record, ...change } };
  const rows = draft.rows.slice();
  rows[index] = next;
  draft.rows = rows;
  draft.version++;
}

export function clearDraft(): void {
  draft.source = null;
  draft.headers = [];
  draft.mapping = null;
  draft.rows = [];
  draft.version++;
}
