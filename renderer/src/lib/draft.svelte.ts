import type { PhoneRecord } from '../../../shared/domain/phone-record.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { CountryCode } from 'libphonenumber-js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';
import { replaceKey } from './column-tally.svelte.js';
import { DraftRows, type DraftRow } from './draft-rows.js';

export type { DraftRow } from './draft-rows.js';

export type DraftSource =
  { kind: 'file'; fileName: string; sheet: string } | { kind: 'retry'; jobId: string; jobName: string };

/**
 * The records being reviewed before they become a job. The Import screen fills it from a sheet and
 * a mapping; "Retry failed rows" fills it from a finished job; the Review screen edits it.
 * `rows` is raw state: replaced as a whole on each edit (sharing the columns the edit did not
 * change), never deep-proxied; it keeps the rows by column, not as a million objects (draft-rows.ts).
 */
export class Draft {
  source = $state<DraftSource | null>(null);
  headers = $state<string[]>([]);
  mapping = $state<Mapping | null>(null);
  rows = $state.raw<DraftRows>(DraftRows.empty());
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
    rows: DraftRows | readonly DraftRow[],
    phoneFormat: PhoneFormat = 'as-displayed',
    defaultCountry?: CountryCode,
  ): void {
    this.phoneFormat = phoneFormat;
    this.defaultCountry = defaultCountry;
    this.source = source;
    this.headers = headers;
    this.mapping = mapping;
    this.rows = rows instanceof DraftRows ? rows : DraftRows.of(rows);
    this.version++;
  }

  edit(index: number, change: Partial<PhoneRecord> | { excluded: boolean }): void {
    if (index < 0 || index >= this.rows.length) return;
    const next =
      'excluded' in change
        ? this.rows.withExcluded([index], change.excluded).rows
        : this.rows.withRecord(index, change);
    if (next === this.rows) return;
    this.rows = next;
    this.version++;
  }

  /** Rows whose `field` holds `from` by replaceKey (ignoring case and spaces around it; '' finds empty cells). */
  rowsHolding(field: keyof PhoneRecord, from: string): number[] {
    const wanted = replaceKey(from);
    const rows = this.rows;
    const out: number[] = [];
    for (let i = 0; i < rows.length; i++) if (replaceKey(rows.field(i, field)) === wanted) out.push(i);
    return out;
  }

  /** Bulk replace: every row whose `field` holds `from` gets `to`, in one edit. Returns how many rows changed. */
  replaceInColumn(field: keyof PhoneRecord, from: string, to: string): number {
    const { rows, changed } = this.rows.withField(this.rowsHolding(field, from), field, to.trim());
    if (changed > 0) {
      this.rows = rows;
      this.version++;
    }
    return changed;
  }

  /** Excludes (or includes again) all the given rows in one edit. Returns how many rows changed. */
  setExcluded(indices: readonly number[], excluded: boolean): number {
    const { rows, changed } = this.rows.withExcluded(indices, excluded);
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
    this.rows = DraftRows.empty();
    this.defaultCountry = undefined;
    this.phoneFormat = 'as-displayed';
    this.version++;
  }
}
export const draft = new Draft();
