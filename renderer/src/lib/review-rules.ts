import type { Verdict } from './verdicts.js';
import type { RecordProblem } from '../../../shared/records/problems.js';
import { plural } from '../../../shared/words/plural.js';

/** What a row's Send box shows: rows that will not be sent say so, with the reason. */
export interface SendBox {
  checked: boolean;
  disabled: boolean;
  /** Why the row is not sent, in words (null when it is sent). */
  reason: string | null;
}

export function sendBox(r: Pick<Verdict, 'status' | 'problems'> | undefined, excluded: boolean): SendBox {
  if (r?.status === 'invalid') {
    const p = r.problems.find((x) => x.severity === 'error');
    return {
      checked: false,
      disabled: true,
      reason: `Not sent: ${p?.message ?? 'the row has a problem'} Fix it to send the row.`,
    };
  }
  if (r?.status === 'duplicate') {
    const p = r.problems.find((x) => x.code === 'duplicate');
    return { checked: false, disabled: true, reason: `Not sent: ${p?.message ?? 'the same as an earlier row'}` };
  }
  if (excluded) return { checked: false, disabled: false, reason: 'Excluded by you: tick to send it.' };
  return { checked: true, disabled: false, reason: null };
}

/** The first problem's words and how many more there are, said in words rather than "(+1)". */
export function problemSummary(problems: readonly RecordProblem[]): { text: string; more: string | null } | null {
  const first = problems[0];
  if (first === undefined) return null;
  return {
    text: first.message,
    more: problems.length > 1 ? `and ${plural(problems.length - 1, 'more problem')}` : null,
  };
}

/** Known phone types for the chosen site: the Sandbox has its own; other sites what was learned. */
export function typesForSite(
  isSandbox: boolean,
  learned: readonly string[],
  sandboxTypes: readonly string[],
): readonly string[] {
  return isSandbox ? sandboxTypes : learned;
}
