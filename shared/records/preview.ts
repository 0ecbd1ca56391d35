import type { Result } from '../domain/app-error.js';
import type { Mapping, RowStatus } from '../domain/job.js';
import type { SheetRow } from '../spreadsheet/workbook.js';
import { headerLabels, rowMapper } from './map-rows.js';
import type { NormaliseOptions } from './normalise.js';
import { RECORD_STATUSES, type RecordStatus } from './problems.js';
import { validateEach, type CheckedRecord, type ValidationOptions } from './validate.js';

export interface PreviewOptions extends NormaliseOptions, ValidationOptions {}

/** Sheet rows → records as they will be sent, each with its status and problems (what the preview shows). */
export function buildPreview(
  rows: readonly SheetRow[],
  headerIndex: number,
  mapping: Mapping,
  options: PreviewOptions = {},
): Result<CheckedRecord[]> {
  // mapRows then validateRecords, one row at a time.
  const mapper = rowMapper(headerLabels(rows, headerIndex), mapping, options);
  if (!mapper.ok) return mapper;
  const map = mapper.value;
  const first = headerIndex + 1;
  const count = Math.max(0, rows.length - first);
  return { ok: true, value: validateEach(count, (i) => map(rows[first + i] as SheetRow), options) };
}

export type StatusCounts = Record<RecordStatus, number>;

export function countStatuses(records: readonly { status: RecordStatus }[]): StatusCounts {
  const counts = Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of records) counts[r.status]++;
  return counts;
}

/** Where a previewed row starts in a job: sendable rows are pending, duplicates skipped. */
export function toRowStatus(status: RecordStatus): Extract<RowStatus, 'pending' | 'invalid' | 'skipped'> {
  return status === 'invalid' ? 'invalid' : status === 'duplicate' ? 'skipped' : 'pending';
}
