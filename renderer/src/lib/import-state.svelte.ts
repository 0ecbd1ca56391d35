import type { Workbook } from '../../../shared/spreadsheet/workbook.js';
import type { Mapping } from '../../../shared/domain/job.js';
import type { PhoneFormat } from '../../../shared/records/normalise.js';

/** The file being imported, kept while the user moves between screens (and after a failed open). */
class ImportState {
  workbook = $state.raw<Workbook | null>(null);
  sheetIndex = $state(0);
  headerIndex = $state(0);
  mapping = $state<Mapping | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Phones are sent as the sheet shows them unless the user asks for a format. */
  phoneFormat = $state<PhoneFormat>('as-displayed');
  /** For numbers without a +country prefix when formatting, e.g. "US". */
  defaultCountry = $state('US');
}
export const importState = new ImportState();
