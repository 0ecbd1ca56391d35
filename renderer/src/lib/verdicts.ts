import type { CheckedRecord } from '../../../shared/records/validate.js';
import {
  NO_PROBLEMS,
  RECORD_STATUSES,
  type RecordProblem,
  type RecordStatus,
} from '../../../shared/records/problems.js';
import { runAtOnce, SLICE_STEP } from '../../../shared/records/slices.js';

/** What the Review screen shows of one row's check. */
export interface Verdict {
  row: number;
  status: RecordStatus;
  problems: RecordProblem[];
}

/**
 * The verdicts of a check, kept as a status byte and a row number per row and a list of problems
 * only for the rows that have some: a CheckedRecord per row (with the record it was made from)
 * kept for as long as Review is open were two million long-lived objects at a million rows, each
 * of them more work for every full garbage collection.
 */
export class Verdicts {
  private constructor(
    private readonly rows: Int32Array,
    private readonly statuses: Uint8Array,
    private readonly problems: ReadonlyMap<number, RecordProblem[]>,
  ) {}

  static empty(): Verdicts {
    return new Verdicts(new Int32Array(0), new Uint8Array(0), new Map());
  }

  /** The verdicts of `checked` at once (tests, small checks). */
  static of(checked: readonly CheckedRecord[]): Verdicts {
    const builder = new VerdictsBuilder(checked.length);
    runAtOnce(builder.steps(checked));
    return builder.build();
  }

  get length(): number {
    return this.statuses.length;
  }

  /** Row `index`'s verdict (built now), or undefined past the end. */
  at(index: number): Verdict | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    return {
      row: this.rows[index] as number,
      status: RECORD_STATUSES[this.statuses[index] as number] as RecordStatus,
      problems: this.problems.get(index) ?? NO_PROBLEMS,
    };
  }

  /** @internal for the builder */
  static fromParts(rows: Int32Array, statuses: Uint8Array, problems: ReadonlyMap<number, RecordProblem[]>): Verdicts {
    return new Verdicts(rows, statuses, problems);
  }
}

const STATUS_CODE = new Map<RecordStatus, number>(RECORD_STATUSES.map((s, i) => [s, i]));

/** Copies a check's verdicts into their compact form, SLICE_STEP rows per step (run in slices). */
export class VerdictsBuilder {
  private readonly rows: Int32Array;
  private readonly statuses: Uint8Array;
  // Local to one build, then handed to the Verdicts: not reactive state.
  private readonly problems = new Map<number, RecordProblem[]>();

  constructor(count: number) {
    this.rows = new Int32Array(count);
    this.statuses = new Uint8Array(count);
  }

  *steps(checked: readonly CheckedRecord[]): Generator<void> {
    const n = Math.min(checked.length, this.statuses.length);
    for (let start = 0; start < n; start += SLICE_STEP) {
      const end = Math.min(n, start + SLICE_STEP);
      for (let i = start; i < end; i++) {
        const c = checked[i] as CheckedRecord;
        this.rows[i] = c.row;
        this.statuses[i] = STATUS_CODE.get(c.status) as number;
        if (c.problems.length > 0) this.problems.set(i, c.problems);
      }
      yield;
    }
  }

  build(): Verdicts {
    return Verdicts.fromParts(this.rows, this.statuses, this.problems);
  }
}
