import type { Mapping } from '../../shared/domain/job.js';
import type { SourceRecord } from '../../shared/domain/phone-record.js';
import { PHONE_FIELDS } from '../../shared/domain/phone-record.js';
import {
  headerSignature,
  judgeSheetRows,
  resolveMapping,
  type MappingFile,
  type NormaliseOptions,
  type RowVerdict,
} from '../../shared/records/index.js';
import { columnLetter, type Workbook } from '../../shared/spreadsheet/index.js';
import type { ImportSettingsStore } from '../settings/import-settings-store.js';
import type { CliArgs } from './cli-args.js';
import { applyMappingArgs, checkMapping } from './cli-mapping.js';
import { usageError } from './exit-codes.js';
import { chooseSheetAndHeader, type SheetChoice } from './sheet-choice.js';
import { doubtfulConversions } from '../../shared/records/phone-conversion.js';

const MAX_CONVERSION_NOTES = 10;

export interface ImportPlan {
  choice: SheetChoice;
  /** `sheet "Phones" of "file.xlsx" (header row 3)`, for messages. */
  where: string;
  mapping: Mapping;
  /** Where the mapping came from before --map/--constant, in words. */
  mappingFrom: string;
  /** Rows below the header as they will be sent, in sheet order. */
  records: SourceRecord[];
  /** Main's verdict for each record (the very rule the job intake applies before queuing). */
  verdicts: RowVerdict[];
  /** Things to tell the user that do not stop the run. */
  notes: string[];
}

export interface PlanInputs {
  workbook: Workbook;
  args: Pick<CliArgs, 'sheet' | 'headerRow' | 'maps' | 'constants' | 'mappingFile'>;
  mappingFile: { file: MappingFile; options: NormaliseOptions } | null;
  settings: Pick<ImportSettingsStore, 'findTemplate' | 'knownPhoneTypes'>;
}

/**
 * Parse, map and validate, as the app's Import and Review screens do, with nothing queued:
 * the sheet and header row, the mapping (a --mapping file, else the mapping saved in the app for
 * these headers, else the app's auto-match; --map/--constant on top), then the shared preview and
 * main's row verdicts. Every refusal is a usage error naming the sheet, field and headers.
 */
export async function planImport({ workbook, args, mappingFile, settings }: PlanInputs): Promise<ImportPlan> {
  const choice = chooseSheetAndHeader(workbook, args.sheet, args.headerRow);
  const where = `sheet "${choice.sheet.name}" of "${workbook.fileName}" (header row ${choice.headerRow})`;
  const notes: string[] = [];
  if (!choice.found)
    notes.push(
      `No row of sheet "${choice.sheet.name}" looks like Wasp's column names; row ${choice.headerRow} is taken as the header (use --header-row N to pick another).`,
    );

  let base = choice.autoMapping;
  let mappingFrom = 'matched by column names';
  if (mappingFile !== null) {
    base = mappingFile.file.mapping;
    mappingFrom = `from "${args.mappingFile}"`;
  } else {
    // The app offers the mapping it saved for these headers; the CLI does the same.
    const saved = await settings.findTemplate(headerSignature(choice.labels));
    if (saved !== null && resolveMapping(saved, choice.labels).ok) {
      base = saved;
      mappingFrom = 'saved in the app for these columns';
    }
  }
  const ctx = { labels: choice.labels, where };
  const mapping = applyMappingArgs(base, args.maps, args.constants, ctx);
  checkMapping(mapping, ctx, args.mappingFile);

  if (choice.headerIndex >= choice.sheet.rows.length - 1) {
    throw usageError(`${where[0]!.toUpperCase()}${where.slice(1)} has no rows below the header: nothing to import.`);
  }
  const knownPhoneTypes = await settings.knownPhoneTypes();
  // Mapped and judged in one pass by judgeSheetRows, which gives exactly mapRows and then the
  // intake's judgeRows with the known phone types (a test holds the two equal), so the dry-run's
  // statuses and messages are the words main would store.
  const judged = judgeSheetRows(choice.sheet.rows, choice.headerIndex, choice.labels, mapping, {
    ...mappingFile?.options,
    knownPhoneTypes,
  });
  if (!judged.ok) throw usageError(judged.error.message);
  const { records, verdicts } = judged.value;
  notes.push(...conversionNotes(records, mapping, choice.labels, mappingFile?.options ?? {}));
  return { choice, where, mapping, mappingFrom, records, verdicts, notes };
}

/** A phone conversion (from a --mapping file) that may have changed a number is said, never silent. */
function conversionNotes(
  records: readonly SourceRecord[],
  mapping: Mapping,
  labels: readonly string[],
  options: NormaliseOptions,
): string[] {
  const resolved = resolveMapping(mapping, labels);
  const source = resolved.ok ? resolved.value.PhoneNumber : null;
  const doubts = doubtfulConversions(
    records,
    source?.kind === 'column' ? source.index : null,
    options.phoneFormat ?? 'as-displayed',
    options.defaultCountry,
  );
  const notes = doubts.slice(0, MAX_CONVERSION_NOTES).map((p) => `row ${p.row}: check: ${p.message}`);
  if (doubts.length > MAX_CONVERSION_NOTES)
    notes.push(`… and ${doubts.length - MAX_CONVERSION_NOTES} more converted phone numbers to check.`);
  return notes;
}

/** `CustomerNumber ← B "Cust #", PhoneTypeName = "Office", PhoneExtension: none` (for the log of a scheduled run). */
export function describeMapping(mapping: Mapping, labels: readonly string[]): string {
  const resolved = resolveMapping(mapping, labels);
  return PHONE_FIELDS.map((f) => {
    const s = mapping[f];
    if (s.kind === 'constant') return `${f} = "${s.value}"`;
    if (s.kind === 'none') return `${f}: none`;
    const r = resolved.ok ? resolved.value[f] : null;
    return r?.kind === 'column' && r.index >= 0
      ? `${f} ← ${columnLetter(r.index)} "${labels[r.index] ?? s.column}"`
      : `${f} ← "${s.column}"`;
  }).join(', ');
}

export interface PlanCounts {
  total: number;
  pending: number;
  invalid: number;
  skipped: number;
}

export function countVerdicts(verdicts: readonly RowVerdict[]): PlanCounts {
  const c: PlanCounts = { total: verdicts.length, pending: 0, invalid: 0, skipped: 0 };
  for (const v of verdicts) c[v.status]++;
  return c;
}
