import type { JobCounts } from '../domain/job.js';
import { plural } from './plural.js';

export interface FinishSummary {
  /** "280 saved, 4 failed: fix them and send them again." */
  sentence: string;
  /** Rows the user can fix and send again (failed and invalid). */
  fixable: number;
  tone: 'ok' | 'warn';
}

/** A finished job in one sentence with the next action: what was saved, what was not, what to do. */
export function finishSummary(c: JobCounts): FinishSummary {
  const fixable = c.failed + c.invalid;
  const parts = [`${c.saved.toLocaleString('en-US')} saved`];
  if (c.failed > 0) parts.push(`${c.failed.toLocaleString('en-US')} failed`);
  if (c.invalid > 0) parts.push(`${c.invalid.toLocaleString('en-US')} not sent because of a problem in the sheet`);
  if (c.skipped > 0) parts.push(`${c.skipped.toLocaleString('en-US')} skipped (duplicates or excluded)`);
  if (c.pending > 0) parts.push(`${c.pending.toLocaleString('en-US')} still queued`);
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  if (fixable > 0) {
    return {
      sentence: `${list}: fix ${fixable === 1 ? 'it' : 'them'} and send ${fixable === 1 ? 'it' : 'them'} again (${plural(fixable, 'row')}).`,
      fixable,
      tone: 'warn',
    };
  }
  if (c.saved === c.total)
    return {
      sentence:
        c.total === 1
          ? 'The row was saved in Wasp. Nothing left to do.'
          : `All ${plural(c.total, 'row')} saved in Wasp. Nothing left to do.`,
      fixable,
      tone: 'ok',
    };
  return { sentence: `${list}.`, fixable, tone: 'ok' };
}
