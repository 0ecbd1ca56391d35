import type { Result } from '../domain/app-error.js';
import type { Mapping, RowStatus } from '../domain/job.js';
import type { SourceRecord } from '../domain/phone-record.js';
import type { SheetRow } from '../spreadsheet/workbook.js';
import { mapRow, rowMapping } from './map-rows.js';
import type { NormaliseOptions, PhoneFormat } from './normalise.js';
import { DUPLICATE, INVALID, type RecordStatus } from './problems.js';
import { MARKING_BATCH, type CheckVerdicts } from './record-groups.js';
import { checkRange, checkVerdicts, finishCheck, startCheck } from './validate.js';

export interface RowVerdict {
  status: 'pending' | 'invalid' | 'skipped';
  message?: string;
}

/** Nearly every row's verdict: one shared object rather than a million equal ones. */
const PENDING: RowVerdict = Object.freeze({ status: 'pending' as const });
const EXCLUDED: RowVerdict = Object.freeze({ status: 'skipped' as const, message: 'Excluded by the user.' });

/** Where a checked row starts in a job: sendable rows are pending, duplicates skipped. */
export function toRowStatus(status: RecordStatus): Extract<RowStatus, 'pending' | 'invalid' | 'skipped'> {
  return status === 'invalid' ? 'invalid' : status === 'duplicate' ? 'skipped' : 'pending';
}

/** Row i's verdict; an invalid or skipped one carries the reason in plain words. */
function verdictOf(v: CheckVerdicts, i: number): RowVerdict {
  const code = v.status[i];
  if (code !== INVALID && code !== DUPLICATE) return PENDING;
  const invalid = code === INVALID;
  const status = invalid ? 'invalid' : 'skipped';
  const p = v.problems[i]?.find((x) => (invalid ? x.severity === 'error' : x.code === 'duplicate'));
  return p === undefined ? { status } : { status, message: `${p.message} ${p.fix}` };
}

/**
 * Main's check before queuing, over rows exactly as received (over IPC or from the CLI): the same
 * rules as the preview. Excluded rows are skipped and take no part in duplicate detection.
 * Invalid and duplicate rows carry the reason in plain words for the report. No object is made per
 * row but the verdicts of the few that are not pending.
 */
export function judgeRows(
  rows: readonly (SourceRecord & { excluded?: boolean | undefined })[],
  knownPhoneTypes: readonly string[],
  options: { phoneFormat?: PhoneFormat } = {},
): RowVerdict[] {
  const excludedRows = new Set<number>();
  for (const r of rows) if (r.excluded === true) excludedRows.add(r.row);
  const v = checkVerdicts(rows, { knownPhoneTypes, excludedRows, ...options });
  return rows.map((r, i) => (r.excluded === true ? EXCLUDED : verdictOf(v, i)));
}

/** The rows below a sheet's header as they will be sent, and main's verdict for each. */
export interface JudgedRows {
  records: SourceRecord[];
  verdicts: RowVerdict[];
}

/**
 * mapRows and then judgeRows (no phone format: the intake's own call), in one pass: each batch of
 * rows is mapped and checked while its cells are still in the processor's cache, and the verdicts are
 * made without an object per row. The CLI's import runs this; the records and verdicts are exactly
 * the two calls' (duplicate-marking.test holds them equal). `labels` are the header row's
 * (headerLabels), which the caller has already worked out.
 */
export function judgeSheetRows(
  rows: readonly SheetRow[],
  headerIndex: number,
  labels: readonly string[],
  mapping: Mapping,
  options: NormaliseOptions & { knownPhoneTypes: readonly string[] },
): Result<JudgedRows> {
  const mapper = rowMapping(labels, mapping, options);
  if (!mapper.ok) return mapper;
  const m = mapper.value;
  const first = headerIndex + 1;
  const count = Math.max(0, rows.length - first);
  const records = new Array<SourceRecord>(count);
  const check = startCheck(records, count, { knownPhoneTypes: options.knownPhoneTypes });
  for (let start = 0; start < count; start += MARKING_BATCH) {
    const end = Math.min(count, start + MARKING_BATCH);
    for (let i = start; i < end; i++) records[i] = mapRow(m, rows[first + i] as SheetRow);
    checkRange(check, start, end);
  }
  const v = finishCheck(check);
  const verdicts = new Array<RowVerdict>(count);
  for (let i = 0; i < count; i++) verdicts[i] = verdictOf(v, i);
  return { ok: true, value: { records, verdicts } };
}

/** Each row with its verdict, as main stores it and as a report of unsent rows shows it. */
export function withVerdicts(
  rows: readonly SourceRecord[],
  verdicts: readonly RowVerdict[],
): Array<SourceRecord & RowVerdict> {
  return rows.map((r, i) => {
    const v = verdicts[i] ?? { status: 'pending' as const };
    const out: SourceRecord & RowVerdict = { row: r.row, cells: r.cells, record: r.record, status: v.status };
    if (v.message !== undefined) out.message = v.message;
    return out;
  });
}
