import type { CheckedRecord } from '../../../shared/records/validate.js';
import type { ProblemCode } from '../../../shared/records/problems.js';
import { PROBLEM_KIND_LABELS } from '../../../shared/records/problem-kinds.js';
import { runAtOnce, SLICE_STEP } from '../../../shared/records/slices.js';

export interface RecordCounts {
  ok: number;
  warning: number;
  invalid: number;
  duplicate: number;
  excluded: number;
}

export interface ProblemGroup {
  code: ProblemCode;
  label: string;
  /** Indices into the draft's rows with this problem. */
  indices: number[];
  excluded: number;
}

/** What the Review screen shows about all the verdicts at once: the counts and the rows by kind of problem. */
export interface VerdictTally {
  counts: RecordCounts;
  groups: ProblemGroup[];
  /** Indices of the rows "Only rows with problems" shows: those not ok, and those excluded. */
  attention: number[];
}

export const noCounts = (): RecordCounts => ({ ok: 0, warning: 0, invalid: 0, duplicate: 0, excluded: 0 });

/** A tally of no verdicts yet, for tallySteps to fill. */
export const emptyTally = (): VerdictTally => ({ counts: noCounts(), groups: [], attention: [] });

/**
 * Tallies the verdicts into `into`, yielding every SLICE_STEP rows so a caller can run it in slices:
 * a million verdicts tallied at once were one long task when a check ended. Excluded rows count as
 * excluded, whatever their verdict; a row is in each group of the kinds of problem it has, once.
 */
export function* tallySteps(
  checked: readonly CheckedRecord[],
  isExcluded: (index: number) => boolean,
  into: VerdictTally,
): Generator<void> {
  const c = into.counts;
  const groups = new Map<ProblemCode, ProblemGroup>();
  for (const g of into.groups) groups.set(g.code, g);
  const n = checked.length;
  for (let start = 0; start < n; start += SLICE_STEP) {
    const end = Math.min(n, start + SLICE_STEP);
    for (let i = start; i < end; i++) {
      const r = checked[i] as CheckedRecord;
      const excluded = isExcluded(i);
      if (excluded) c.excluded++;
      else c[r.status]++;
      if (excluded || r.status !== 'ok') into.attention.push(i);
      // Most rows have no problem: nothing is allocated for them.
      const problems = r.problems;
      if (problems.length === 0) continue;
      const seen = problems.length > 1 ? new Set<ProblemCode>() : null;
      for (const p of problems) {
        if (seen !== null) {
          if (seen.has(p.code)) continue;
          seen.add(p.code);
        }
        let g = groups.get(p.code);
        if (g === undefined) {
          g = { code: p.code, label: PROBLEM_KIND_LABELS[p.code], indices: [], excluded: 0 };
          groups.set(p.code, g);
          into.groups.push(g);
        }
        g.indices.push(i);
        if (excluded) g.excluded++;
      }
    }
    yield;
  }
}

/** The same tally in one go (tests and small inputs). */
export function tallyVerdicts(checked: readonly CheckedRecord[], isExcluded: (index: number) => boolean): VerdictTally {
  const into = emptyTally();
  runAtOnce(tallySteps(checked, isExcluded, into));
  return into;
}
