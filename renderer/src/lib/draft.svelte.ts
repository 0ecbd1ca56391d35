import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { CountryCode } from 'libphonenumber-js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';
import { replaceKey } from './column-tally.svelte.js';

/** One row on its way to a job: where it came from, its cells as read, and the record to send. */
export interface DraftRow {
  row: number;
  cells: string[];
  record: PhoneRecord;
  excluded: boolean;
}

export type DraftSource =
  { kind: 'file'; fileName: string; sheet: string } | { kind: 'retry'; jobId: string; jobName: string };

/**
 * The records being reviewed before they become a job. The Import screen fills it from a sheet and
 * a mapping; "Retry failed rows" fills it from a finished job; the Review screen edits it.
 * `rows` is raw state: replaced as a whole on each edit, never deep-proxied (it may hold 100k rows).
 */
export class Draft {
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

  set(
    source: DraftSource,
    headers: string[],
    mapping: Mapping,
    rows: DraftRow[],
    phoneFormat: PhoneFormat = 'as-displayed',
    defaultCountry?: CountryCode,
  ): void {
    this.phoneFormat = phoneFormat;
    this.defaultCountry = defaultCountry;
    this.source = source;
    this.headers = headers;
    this.mapping = mapping;
    this.rows = rows;
    this.version++;
  }

  edit(index: number, change: Partial<PhoneRecord> | { excluded: boolean }): void {
    const current = this.rows[index];
    if (!current) return;
    const next: DraftRow =
      'excluded' in change
        ? { ...current, excluded: change.excluded }
        : { ...current, record: { ...current.record, ...change } };
    const rows = this.rows.slice();
    rows[index] = next;
    this.rows = rows;
    this.version++;
  }

  /** Rows whose `field` holds `from` by replaceKey (ignoring case and spaces around it; '' finds empty cells). */
  rowsHolding(field: keyof PhoneRecord, from: string): number[] {
    const wanted = replaceKey(from);
    const out: number[] = [];
    this.rows.forEach((r, i) => {
      if (replaceKey(r.record[field]) === wanted) out.push(i);
    });
    return out;
  }

  /** Bulk replace: every row whose `field` holds `from` gets `to`, in one edit. Returns how many rows changed. */
  replaceInColumn(field: keyof PhoneRecord, from: string, to: string): number {
    const hit = this.rowsHolding(field, from);
    const value = to.trim();
    const rows = this.rows.slice();
    let changed = 0;
    for (const i of hit) {
      const current = rows[i]!;
      if (current.record[field] === value) continue;
      rows[i] = { ...current, record: { ...current.record, [field]: value } };
      changed++;
    }
    if (changed > 0) {
      this.rows = rows;
      this.version++;
    }
    return changed;
  }

  /** Excludes (or includes again) all the given rows in one edit. Returns how many rows changed. */
  setExcluded(indices: readonly number[], excluded: boolean): number {
    const rows = this.rows.slice();
    let changed = 0;
    for (const i of indices) {
      const current = rows[i];
      if (!current || current.excluded === excluded) continue;
      rows[i] = { ...current, excluded };
      changed++;
    }
    if (changed > 0) {
      this.rows = rows;
      this.version++;
    }
    return changed;
  }

  clear(): void {
    this.source = null;
    this.headers = [];
    this.mapping = null;
    this.rows = [];
    this.defaultCountry = undefined;
    this.phoneFormat = 'as-displayed';
    this.version++;
  }
}
export const draft = new Draft();
