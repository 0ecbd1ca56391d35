import { readDefinition } from '../../main/jobs/job-definition.js';
import { STATUS_NAMES } from '../../main/jobs/job-files.js';
import { tupleToWasp } from '../../main/jobs/job-outcomes.js';
import { replayJournal } from '../../main/jobs/journal-replay.js';
import type { RowStatus } from '../../shared/domain/job.js';
import type { JobRowView } from '../../shared/domain/job-rows.js';

/**
 * The reference the indexed reads are checked against: every row of the job as a full replay of
 * its journal over its whole definition says it is (what getJobRows did for every page before).
 */
export async function replayedRows(jobDir: string, statuses?: RowStatus[]): Promise<JobRowView[]> {
  const [def, replay] = await Promise.all([
    readDefinition(jobDir),
    replayJournal(jobDir, { repair: false, details: true }),
  ]);
  const order = def.rows.map((_, i) => i).sort((a, b) => def.rows[a]!.row - def.rows[b]!.row || a - b);
  const out: JobRowView[] = [];
  for (const i of order) {
    const r = def.rows[i]!;
    const status = STATUS_NAMES[replay.status[i]!]!;
    if (statuses !== undefined && !statuses.includes(status)) continue;
    const view: JobRowView = { row: r.row, cells: r.cells, record: r.record, status };
    const t = replay.details?.get(i);
    if (t !== undefined && (status === 'failed' || status === 'saved')) {
      if (t[1] !== '') view.message = t[1];
      view.wasp = tupleToWasp(t);
    } else if (r.message !== undefined && (status === 'invalid' || status === 'skipped')) view.message = r.message;
    out.push(view);
  }
  return out;
}
