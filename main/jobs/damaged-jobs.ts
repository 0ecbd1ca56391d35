import { join } from 'node:path';
import type { JobSummary } from '../../shared/domain/job.js';
import { err, type Result } from '../../shared/domain/app-error.js';
import { readDefinition } from './job-definition.js';
import { JOB_FILE, JOURNAL_FILE } from './job-files.js';
import { JournalDamaged } from './journal-replay.js';

/**
 * A job folder whose files cannot be replayed. It is never dropped from the list: it is shown as
 * damaged, with what is still known of it and what the person can do, and left untouched on disk.
 */
export interface DamagedJob {
  id: string;
  dir: string;
  /** What is wrong, in plain words. */
  problem: string;
  /** What to do about it. */
  whatToDo: string;
  name: string | undefined;
  site: string | undefined;
  createdAt: string | undefined;
  /** Rows kept in job.json, when it can be read. */
  rows: { total: number; invalid: number; skipped: number } | undefined;
}

function problemOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `its progress file (${JOURNAL_FILE}) is missing`;
  if (error instanceof JournalDamaged) return `${error.reason} (${JOURNAL_FILE})`;
  if (typeof code === 'string') return `its files could not be read (${code})`;
  return `its files could not be read (${error instanceof Error ? error.message : String(error)})`;
}

/** Looks at what can still be read of a job whose journal would not replay. Never throws. */
export async function inspectDamagedJob(dir: string, id: string, error: unknown): Promise<DamagedJob> {
  const problem = problemOf(error);
  try {
    const def = await readDefinition(dir);
    let invalid = 0;
    let skipped = 0;
    for (const r of def.rows) {
      if (r.status === 'invalid') invalid++;
      else if (r.status === 'skipped') skipped++;
    }
    return {
      id,
      dir,
      problem,
      whatToDo: `Which of its ${def.rows.length.toLocaleString('en-US')} rows Wasp saved is unknown; the rows themselves are kept in ${join(dir, JOB_FILE)}. Import the sheet again to send them (Wasp's save updates customers it already has, so nothing is doubled), then delete this job.`,
      name: def.name,
      site: def.site,
      createdAt: def.createdAt,
      rows: { total: def.rows.length, invalid, skipped },
    };
  } catch {
    return {
      id,
      dir,
      problem: `${problem}, and its rows (${JOB_FILE}) cannot be read either`,
      whatToDo: `Nothing of it can be sent. Restore the folder ${dir} from a backup, or delete the job and import the sheet again.`,
      name: undefined,
      site: undefined,
      createdAt: undefined,
      rows: undefined,
    };
  }
}

/** The damaged job as a row of the job list (app and `wasp-phones jobs`): state `damaged`, nothing counted saved. */
export function damagedSummary(d: DamagedJob): JobSummary {
  const total = d.rows?.total ?? 0;
  const invalid = d.rows?.invalid ?? 0;
  const skipped = d.rows?.skipped ?? 0;
  return {
    id: d.id,
    name: d.name ?? `Damaged job ${d.id.slice(0, 8)}`,
    site: d.site ?? '',
    createdAt: d.createdAt ?? '',
    updatedAt: d.createdAt ?? '',
    state: 'damaged',
    // Rows whose fate is unknown are shown as still to send: nothing is claimed saved that may not be.
    counts: { total, saved: 0, failed: 0, invalid, skipped, pending: total - invalid - skipped },
    batchesTotal: 0,
    batchesDone: 0,
    stateMessage: `This job is damaged: ${d.problem}. ${d.whatToDo}`,
  };
}

/** The damaged job folders of a queue: listed with the others, refused in their own words, never sent. */
export class DamagedJobs {
  private readonly byId = new Map<string, DamagedJob>();

  has(id: string): boolean {
    return this.byId.has(id);
  }

  add(job: DamagedJob): void {
    this.byId.set(job.id, job);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  list(): DamagedJob[] {
    return [...this.byId.values()];
  }

  summaries(): JobSummary[] {
    return this.list().map(damagedSummary);
  }

  /** The answer to anything asked of the damaged job `id` but deleting it. */
  refusal(id: string): Result<never> {
    const d = this.byId.get(id);
    return err('validation', (d && damagedSummary(d).stateMessage) ?? 'This job is damaged.');
  }
}
