import type { CountryCode } from 'libphonenumber-js';
import { cellsColumn, validateEachInSlices, type ValidationOptions } from '../../../shared/records/validate.js';
import { runInSlices } from '../../../shared/records/slices.js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';
import type { DraftRows } from './draft-rows.js';
import { LatestRun } from './latest-run.js';
import { Verdicts, VerdictsBuilder } from './verdicts.js';
import {
  emptyTally,
  noCounts,
  tallySteps,
  type ProblemGroup,
  type RecordCounts,
  type VerdictTally,
} from './verdict-tally.js';

/** What one check of the Review rows is run on: the rows as they are now and what they are judged by. */
export interface CheckInput {
  rows: DraftRows;
  knownPhoneTypes: readonly string[];
  phoneFormat: PhoneFormat;
  defaultCountry: CountryCode | undefined;
  /** The sheet column the phone was read from, so a converted number can be shown beside what the sheet said. */
  phoneColumn: number | null;
}

export type { RecordCounts } from './verdict-tally.js';

/** Thrown into a superseded or cancelled check at its next slice, so it stops instead of running to the end. */
class CheckCancelled extends Error {}

const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The Review screen's verdicts: every row checked with the same rules main runs before queuing, in
 * slices that yield to the event loop so 100,000 rows never freeze the window. Each `run` replaces
 * the one before it: the older check stops at its next slice and its answer is dropped, so an edit
 * typed while a long check runs never shows verdicts of rows as they were. Until the first verdicts
 * arrive the rows show as "checking"; after an edit the previous verdicts stay until the new ones are in.
 */
export class RecordsCheck {
  /** Each row's verdict, kept compact (verdicts.ts); `checked.at(i)` builds one when asked. */
  checked = $state.raw<Verdicts>(Verdicts.empty());
  checking = $state(false);
  /** The counts and problem groups of `checked`, tallied in slices with it (never in one go on a read). */
  private tally = $state.raw<VerdictTally | null>(null);
  /** How many rows the latest run has. */
  private rowCount = $state(0);
  private readonly runs = new LatestRun(() => (this.checking = false));

  /** Every row of the latest run has a verdict (possibly one from before the latest edit). */
  readonly ready = $derived(this.checked.length === this.rowCount);
  /** The tally shown: the latest run's, once every row has its verdict. */
  private readonly shown = $derived(this.ready ? this.tally : null);
  /** Counted with the verdicts: after an edit they are the previous check's until the new one is in. */
  readonly counts = $derived<RecordCounts>(this.shown?.counts ?? noCounts());
  /** Rows by kind of problem (for "Exclude all"), with the verdicts. */
  readonly groups = $derived<readonly ProblemGroup[]>(this.shown?.groups ?? []);
  /** The rows with a problem or excluded (for "Only rows with problems"), with the verdicts. */
  readonly attention = $derived<readonly number[]>(this.shown?.attention ?? []);
  readonly sendable = $derived(this.counts.ok + this.counts.warning);
  readonly notSent = $derived(this.counts.invalid + this.counts.duplicate + this.counts.excluded);
  readonly problemRows = $derived(this.counts.warning + this.counts.invalid + this.counts.duplicate);
  /** Checked to the end, nothing to fix and nothing left out. */
  readonly clean = $derived(this.ready && !this.checking && this.problemRows === 0 && this.counts.excluded === 0);

  /** `pause` yields between slices (a macrotask by default); tests pass their own to step through a check. */
  constructor(private readonly pause: () => Promise<void> = nextTask) {}

  /**
   * Checks `input` in slices, replacing any check still running. Returns the cancel function, so an
   * effect can hand it back as its teardown. Resolves once this run is in, superseded or cancelled.
   */
  run(input: CheckInput): { cancel: () => void; done: Promise<void> } {
    const { current, cancel } = this.runs.begin();
    const rows = input.rows;
    this.rowCount = rows.length;
    this.checking = true;
    const pause = async () => {
      if (!current()) throw new CheckCancelled();
      await this.pause();
      if (!current()) throw new CheckCancelled();
    };
    // The first slice waits for the next task: the screen that starts a check is itself being drawn
    // in this one, and the two together made a task longer than a frame with a million rows.
    const done = pause()
      .then(() => {
        const options: ValidationOptions = {
          knownPhoneTypes: [...input.knownPhoneTypes],
          excludedRows: rows.excludedRowNumbers(),
          phoneFormat: input.phoneFormat,
          conversion: { defaultCountry: input.defaultCountry, phoneColumn: input.phoneColumn },
        };
        const withCells = cellsColumn(options) !== null;
        return validateEachInSlices(rows.length, (i) => rows.sourceRecord(i, withCells), options, pause);
      })
      .then(async (checked) => {
        const tally = emptyTally();
        await pause();
        await runInSlices(
          tallySteps(checked, (i) => rows.isExcluded(i), tally),
          pause,
          20_000,
        );
        // The verdicts kept compact: the check's objects (one per row) go once this run ends.
        const verdicts = new VerdictsBuilder(checked.length);
        await runInSlices(verdicts.steps(checked), pause, 20_000);
        return { checked: verdicts.build(), tally };
      })
      .then(
        ({ checked, tally }) => {
          if (!current()) return;
          this.checked = checked;
          this.tally = tally;
          this.checking = false;
        },
        (e: unknown) => {
          if (!(e instanceof CheckCancelled)) throw e;
        },
      );
    return { cancel, done };
  }

  /** Stops the check running now (on teardown); its answer, if it still comes, is dropped. */
  cancel(): void {
    this.runs.stop();
  }
}
