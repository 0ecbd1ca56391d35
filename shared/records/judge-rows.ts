import type { SourceRecord } from '../domain/phone-record.js';
import type { PhoneFormat } from './normalise.js';
import { toRowStatus } from './preview.js';
import { validateRecords } from './validate.js';

export interface RowVerdict {
  status: 'pending' | 'invalid' | 'skipped';
  message?: string;
}

/** Nearly every row's verdict: one shared object rather than a million equal ones. */
const PENDING: RowVerdict = Object.freeze({ status: 'pending' as const });

/**
 * Main's check before queuing, over rows exactly as received (over IPC or from the CLI): the same
 * rules as the preview. Excluded rows are skipped and take no part in duplicate detection.
 * Invalid and duplicate rows carry the reason in plain words for the report.
 */
export function judgeRows(
  rows: readonly (SourceRecord & { excluded?: boolean | undefined })[],
  knownPhoneTypes: readonly string[],
  options: { phoneFormat?: PhoneFormat } = {},
): RowVerdict[] {
  const excludedRows = new Set<number>();
  for (const r of rows) if (r.excluded === true) excludedRows.add(r.row);
  const checked = validateRecords(rows, { knownPhoneTypes, excludedRows, ...options });
  return checked.map((c, i): RowVerdict => {
    if (rows[i]?.excluded === true) return { status: 'skipped', message: 'Excluded by the user.' };
    const status = toRowStatus(c.status);
    if (status === 'pending') return PENDING;
    const p = c.problems.find((x) => (status === 'invalid' ? x.severity === 'error' : x.code === 'duplicate'));
    return p === undefined ? { status } : { status, message: `${p.message} ${p.fix}` };
  });
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
