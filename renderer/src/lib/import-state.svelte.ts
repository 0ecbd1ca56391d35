import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { workbookHead, type TableSheet, type TableWorkbook } from '../../../shared/spreadsheet/row-table.js';
import { HEADER_SCAN_ROWS } from '../../../shared/records/header-detection.js';
import type { FieldSource, Mapping } from '../../../shared/domain/job.js';
import { PHONE_FIELDS, REQUIRED_PHONE_FIELDS, type PhoneField } from '../../../shared/domain/phone-record.js';
import type { Result } from '../../../shared/domain/app-error.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { mapRowsInSlices } from '../../../shared/records/map-rows.js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';
import { suggestImport, type ImportSuggestion } from '../../../shared/records/suggest-import.js';
import { autoMatchColumns } from '../../../shared/records/column-match.js';
import { columnLabels } from '../../../shared/records/columns.js';
import { mappingMistakes } from '../../../shared/records/mapping-check.js';
import { countryLabel, regionFromLocales } from '../../../shared/records/countries.js';
import { plural } from '../../../shared/words/plural.js';
import { draft } from './draft.svelte.js';
import { DraftRowsBuilder } from './draft-rows.js';

export const SAVED_MAPPING_NOTICE = 'Using the mapping you saved for these columns last time.';
const NO_HEADER_NOTICE = 'No header row with Wasp’s column names was found: pick the header row and the columns below.';

/** What the Import flow needs from outside: a file reader (a worker in the app) and main's template calls. */
export interface ImportServices {
  parse(
    file: { readonly name: string; readonly size: number; arrayBuffer(): Promise<ArrayBuffer> },
    onProgress: (fraction: number) => void,
    signal: AbortSignal,
  ): Promise<Result<TableWorkbook>>;
  bridge: Pick<
    WaspBridge,
    'findMappingTemplate' | 'saveMappingTemplate' | 'exportMappingTemplate' | 'saveImportTemplate'
  >;
  /** Awaited between slices of mapping the rows (a macrotask in the app). */
  pause?: () => Promise<void>;
}

const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The file being imported and every choice made for it. Everything here belongs to one file:
 * opening another file (or having one refused), or switching sheets, clears what belonged to the
 * old one — its mapping, its notices, its phone format and country — so nothing carries over unseen.
 */
export class ImportState {
  /** The file's sheets, their rows kept packed (a million rows as objects were the window's longest pauses). */
  workbook = $state.raw<TableWorkbook | null>(null);
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
  /** What became of "Download a template". */
  templateNote = $state<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  /** The reading of the file being opened, so a newer file or Cancel can stop it. */
  private reading: AbortController | null = null;

  readonly sheet = $derived<TableSheet | undefined>(this.workbook?.sheets[this.sheetIndex]);
  readonly headers = $derived<string[]>(this.sheet ? labelsAt(this.sheet, this.headerIndex) : []);
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

  /** Required fields with no column or value yet (marked where the choice is made). */
  readonly missing = $derived<PhoneField[]>(
    this.mapping
      ? REQUIRED_PHONE_FIELDS.filter((f) => sourceIncomplete(this.mapping![f], this.headers))
      : [...REQUIRED_PHONE_FIELDS],
  );
  /** Fields whose column is also chosen for another field: marked where the mistake is made. */
  readonly usedTwice = $derived.by<readonly PhoneField[]>(() => {
    const m = this.mapping;
    if (!m) return [];
    const column = (f: PhoneField) => {
      const s = m[f];
      return s.kind === 'column' ? s.column : null;
    };
    return PHONE_FIELDS.filter(
      (f) => column(f) !== null && PHONE_FIELDS.some((g) => g !== f && column(g) === column(f)),
    );
  });

  constructor(
    private readonly locales: () => readonly string[] = () => [],
    private readonly services: ImportServices | null = null,
  ) {
    this.defaultCountry = regionFromLocales(locales());
  }

  private need(): ImportServices {
    if (!this.services) throw new Error('ImportState was built without its services');
    return this.services;
  }

  /**
   * Opens a file: reads it (a newer file or Cancel stops the read and drops its answer), suggests
   * the sheet, header row and mapping, and offers the mapping saved for these headers, if any.
   */
  async open(file: {
    readonly name: string;
    readonly size: number;
    arrayBuffer(): Promise<ArrayBuffer>;
  }): Promise<void> {
    const services = this.need();
    this.reading?.abort();
    const mine = new AbortController();
    this.reading = mine;
    this.beginLoading(file.name);
    const result = await services.parse(file, (fraction) => this.progress(fraction), mine.signal);
    if (this.reading !== mine) return; // another file took over meanwhile
    if (!result.ok) {
      this.reading = null;
      this.refused(result.error.detail === 'cancelled' ? null : result.error.message);
      return;
    }
    const s = this.loaded(result.value);
    const saved = await services.bridge.findMappingTemplate({ headers: s.headers });
    if (this.reading !== mine || this.workbook !== result.value) return;
    this.reading = null;
    if (saved.ok && saved.value) {
      const { mapping, phoneFormat, defaultCountry } = saved.value;
      this.useSavedMapping(mapping, {
        phoneFormat,
        defaultCountry: defaultCountry !== undefined && isSupportedCountry(defaultCountry) ? defaultCountry : undefined,
      });
    }
  }

  /** Stops reading the file being opened (Cancel, Escape); what was open before it is already gone. */
  cancelOpen(): void {
    this.reading?.abort();
  }

  choosePhoneFormat(format: PhoneFormat): void {
    this.phoneFormat = format;
  }

  chooseCountry(country: CountryCode): void {
    this.defaultCountry = country;
  }

  /** The first values of a field's column (or its constant), shown beside the choice. */
  sample(field: PhoneField): string {
    const m = this.mapping?.[field];
    const sheet = this.sheet;
    if (!m || !sheet) return '';
    if (m.kind === 'constant') return m.value;
    if (m.kind === 'none') return '';
    const col = this.headers.indexOf(m.column);
    return sheet.rows
      .slice(this.headerIndex + 1, this.headerIndex + 4)
      .map((r) => r.cells[col] ?? '')
      .filter(Boolean)
      .join(' · ');
  }

  /**
   * Maps every row (in slices) into the Review draft, and saves the mapping for the next sheet with
   * these headers (with its phone conversion: it belongs to the layout, and is said when offered).
   * False, with the reason in `error`, when the rows cannot be mapped.
   */
  async review(): Promise<boolean> {
    const services = this.need();
    const wb = this.workbook;
    const sheet = this.sheet;
    const mapping = this.mapping;
    if (!wb || !sheet || !mapping || !this.canReview) return false;
    const headers = this.headers;
    const headerIndex = this.headerIndex;
    const options = this.phoneOptions();
    // Records go straight into the draft's columns; the cells stay packed in the sheet's table.
    const rows = new DraftRowsBuilder(sheet.rows, headerIndex + 1);
    const preview = await mapRowsInSlices(
      sheet.rows,
      headerIndex,
      mapping,
      options,
      services.pause ?? nextTask,
      undefined,
      (r) => rows.add(r.record),
      sheet.columnCount,
    );
    if (!preview.ok) {
      this.error = preview.error.message;
      return false;
    }
    draft.set(
      { kind: 'file', fileName: wb.fileName, sheet: sheet.name },
      headers,
      mapping,
      rows.build(),
      this.phoneFormat,
      options.defaultCountry,
    );
    void services.bridge.saveMappingTemplate({ headers: [...headers], mapping, ...options });
    return true;
  }

  /** Saves the mapping as a file the command-line tool takes, and says where. */
  async exportMapping(): Promise<void> {
    if (!this.mapping) return;
    const r = await this.need().bridge.exportMappingTemplate({
      headers: [...this.headers],
      mapping: this.mapping,
      ...this.phoneOptions(),
    });
    if (!r.ok) this.error = r.error.message;
    else if (r.value.path)
      this.notice = `Mapping saved to ${r.value.path}. Use it with: wasp-phones import FILE --mapping "${r.value.path}"`;
  }

  async downloadTemplate(): Promise<void> {
    this.templateNote = null;
    const r = await this.need().bridge.saveImportTemplate();
    if (!r.ok) this.templateNote = { tone: 'bad', text: r.error.message };
    else if (r.value.path)
      this.templateNote = {
        tone: 'ok',
        text: `Template saved to ${r.value.path}. Fill in your customers’ phones, then drop it here.`,
      };
  }

  private phoneOptions(): { phoneFormat?: 'e164' | 'national'; defaultCountry?: CountryCode } {
    return this.phoneFormat === 'as-displayed'
      ? {}
      : { phoneFormat: this.phoneFormat, defaultCountry: this.defaultCountry };
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
  loaded(workbook: TableWorkbook): ImportSuggestion {
    this.loading = null;
    // Only the top of a sheet can be its header row: the rest stays packed.
    const s = suggestImport(workbookHead(workbook, HEADER_SCAN_ROWS));
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
    const suggestion = suggestImport(workbookHead({ ...wb, sheets: [s] }, HEADER_SCAN_ROWS));
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
    this.mapping = autoMatchColumns(labelsAt(sheet, index)).mapping;
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

/** The column labels of a sheet with its header on row `index`, reading only that row. */
function labelsAt(sheet: TableSheet, index: number): string[] {
  return columnLabels(index < sheet.rows.length ? sheet.rows.row(index).cells : [], sheet.columnCount);
}

function sourceIncomplete(s: FieldSource, headers: readonly string[]): boolean {
  return (
    s.kind === 'none' ||
    (s.kind === 'constant' && s.value.trim() === '') ||
    (s.kind === 'column' && !headers.includes(s.column))
  );
}
