import type { CountryCode } from 'libphonenumber-js';
import type { Sheet, Workbook } from '../../../shared/spreadsheet/workbook.js';
import type { FieldSource, Mapping } from '../../../shared/domain/job.js';
import type { PhoneField } from '../../../shared/domain/phone-record.js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';
import { suggestImport, type ImportSuggestion } from '../../../shared/records/suggest-import.js';
import { autoMatchColumns } from '../../../shared/records/column-match.js';
import { headerLabels } from '../../../shared/records/map-rows.js';
import { mappingMistakes } from '../../../shared/records/mapping-check.js';
import { countryLabel, regionFromLocales } from '../../../shared/records/countries.js';
import { plural } from '../../../shared/words/plural.js';

export const SAVED_MAPPING_NOTICE = 'Using the mapping you saved for these columns last time.';
const NO_HEADER_NOTICE = 'No header row with Wasp’s column names was found: pick the header row and the columns below.';

/**
 * The file being imported and every choice made for it. Everything here belongs to one file:
 * opening another file (or having one refused), or switching sheets, clears what belonged to the
 * old one — its mapping, its notices, its phone format and country — so nothing carries over unseen.
 */
export class ImportState {
  workbook = $state.raw<Workbook | null>(null);
  sheetIndex = $state(0);
  headerIndex = $state(0);
  mapping = $state<Mapping | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** The file being read, while it is read: nothing of the previous file is shown meanwhile. */
  loading = $state<{ fileName: string; fraction: number } | null>(null);
  /** Phones are sent as the sheet shows them unless the user asks for a format (for this file). */
  phoneFormat = $state<PhoneFormat>('as-displayed');
  /** For numbers without a + prefix when converting: the computer's region until the user picks. */
  defaultCountry = $state<CountryCode>('US');

  readonly sheet = $derived<Sheet | undefined>(this.workbook?.sheets[this.sheetIndex]);
  readonly headers = $derived<string[]>(
    this.sheet ? headerLabels(this.sheet.rows, this.headerIndex, this.sheet.columnCount) : [],
  );
  readonly dataRows = $derived(this.sheet ? Math.max(0, this.sheet.rows.length - this.headerIndex - 1) : 0);
  /** Why Review cannot open yet, one sentence per mistake (a column used twice, required fields missing). */
  readonly mistakes = $derived<string[]>(this.mapping ? mappingMistakes(this.mapping, this.headers) : []);
  /** A sheet with a header but nothing below it, said in words. */
  readonly emptySheetMessage = $derived<string | null>(
    this.sheet && this.dataRows === 0
      ? this.sheet.rows.length === 0
        ? `The sheet “${this.sheet.name}” is empty: choose another sheet or file.`
        : `The sheet “${this.sheet.name}” has a header row but no rows of data below it: add the customers’ rows under the header, or choose another sheet.`
      : null,
  );
  readonly canReview = $derived(
    this.workbook !== null && this.mapping !== null && this.mistakes.length === 0 && this.dataRows > 0,
  );

  constructor(private readonly locales: () => readonly string[] = () => []) {
    this.defaultCountry = regionFromLocales(locales());
  }

  /** A new file is on its way: the old file's sheet, mapping, notices and options go at once. */
  beginLoading(fileName: string): void {
    this.workbook = null;
    this.mapping = null;
    this.error = null;
    this.notice = null;
    this.sheetIndex = 0;
    this.headerIndex = 0;
    this.resetOptions();
    this.loading = { fileName, fraction: 0 };
  }

  progress(fraction: number): void {
    if (this.loading) this.loading = { ...this.loading, fraction };
  }

  /** The file could not be read: say why, and leave nothing of any earlier file to click. */
  refused(message: string | null): void {
    this.loading = null;
    this.workbook = null;
    this.mapping = null;
    this.notice = null;
    this.error = message;
  }

  /** The file was read: the suggested sheet, header row and mapping, and any notes from reading it. */
  loaded(workbook: Workbook): ImportSuggestion {
    this.loading = null;
    const s = suggestImport(workbook);
    this.workbook = workbook;
    this.sheetIndex = s.sheetIndex;
    this.headerIndex = s.headerIndex;
    this.mapping = s.mapping;
    this.notice = [s.found ? null : NO_HEADER_NOTICE, ...workbook.notes].filter(Boolean).join(' ') || null;
    return s;
  }

  /** A mapping saved for these headers replaces the guess, and says so (until the sheet changes). */
  useSavedMapping(
    mapping: Mapping,
    options: { phoneFormat?: PhoneFormat | undefined; defaultCountry?: CountryCode | undefined } = {},
  ): void {
    this.mapping = mapping;
    if (options.phoneFormat !== undefined) this.phoneFormat = options.phoneFormat;
    if (options.defaultCountry !== undefined) this.defaultCountry = options.defaultCountry;
    // A conversion that comes with the saved mapping is said, never applied silently.
    const conversion =
      this.phoneFormat === 'as-displayed'
        ? null
        : `It converts phone numbers to ${this.phoneFormat === 'e164' ? 'international' : 'national'} form, reading numbers without + as ${countryLabel(this.defaultCountry)}.`;
    this.notice = [SAVED_MAPPING_NOTICE, conversion, ...(this.workbook?.notes ?? [])].filter(Boolean).join(' ');
  }

  /** Another sheet is another table: its own header row and mapping; notices about the old one go. */
  chooseSheet(index: number): void {
    const wb = this.workbook;
    const s = wb?.sheets[index];
    if (!wb || !s) return;
    const suggestion = suggestImport({ ...wb, sheets: [s] });
    this.sheetIndex = index;
    this.headerIndex = suggestion.headerIndex;
    this.mapping = suggestion.mapping;
    this.notice = suggestion.found ? null : NO_HEADER_NOTICE;
    this.error = null;
  }

  chooseHeaderRow(index: number): void {
    const sheet = this.sheet;
    if (!sheet) return;
    this.headerIndex = index;
    this.mapping = autoMatchColumns(headerLabels(sheet.rows, index, sheet.columnCount)).mapping;
    if (this.notice?.startsWith(SAVED_MAPPING_NOTICE) === true) this.notice = null;
  }

  /** `choice` is a column label, '__none' or '__constant' (a value for every row). */
  setSource(field: PhoneField, choice: string): void {
    if (!this.mapping) return;
    let source: FieldSource;
    if (choice === '__none') source = { kind: 'none' };
    else if (choice === '__constant') source = { kind: 'constant', value: field === 'PhoneTypeName' ? 'Office' : '' };
    else source = { kind: 'column', column: choice };
    this.mapping = { ...this.mapping, [field]: source };
  }

  setConstant(field: PhoneField, value: string): void {
    if (!this.mapping) return;
    this.mapping = { ...this.mapping, [field]: { kind: 'constant', value } };
  }

  /** "Review 1 record", "Review 600 records". */
  get reviewLabel(): string {
    return `Review ${plural(this.dataRows, 'record')}`;
  }

  private resetOptions(): void {
    this.phoneFormat = 'as-displayed';
    this.defaultCountry = regionFromLocales(this.locales());
  }
}

export const importState = new ImportState(() => (typeof navigator === 'undefined' ? [] : navigator.languages));
