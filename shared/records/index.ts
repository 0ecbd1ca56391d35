export { autoMatchColumns, scoreHeader, MIN_MATCH_SCORE, type ColumnMatch } from './column-match.js';
export { columnLabels, resolveMapping, type ResolvedMapping, type ResolvedSource } from './columns.js';
export { detectHeaderRow, HEADER_SCAN_ROWS, type HeaderGuess } from './header-detection.js';
export { normaliseHeader } from './header-names.js';
export {
  judgeRows,
  judgeSheetRows,
  toRowStatus,
  withVerdicts,
  type JudgedRows,
  type RowVerdict,
} from './judge-rows.js';
export { headerLabels, mapRows } from './map-rows.js';
export {
  formatPhone,
  splitExtension,
  tidy,
  tidyExtension,
  PHONE_FORMATS,
  type NormaliseOptions,
  type PhoneFormat,
} from './normalise.js';
export {
  FIELD_LABELS,
  PROBLEM_CODES,
  RECORD_STATUSES,
  type ProblemCode,
  type RecordProblem,
  type RecordStatus,
} from './problems.js';
export { suggestImport, type ImportSuggestion, type SavedMapping } from './suggest-import.js';
export {
  findTemplate,
  headerSignature,
  makeMappingFile,
  mappingFileOptions,
  parseMappingFile,
  serialiseMappingFile,
  MAPPING_FILE_VERSION,
  MappingFileSchema,
  type MappingFile,
} from './templates.js';
export { validateRecords, type CheckedRecord, type ValidationOptions } from './validate.js';
