import type { Mapping } from '../domain/job.js';
import type { Sheet, Workbook } from '../spreadsheet/workbook.js';
import { detectHeaderRow, HEADER_SCAN_ROWS } from './header-detection.js';
import { autoMatchColumns } from './column-match.js';
import { headerLabels } from './map-rows.js';
import { resolveMapping } from './columns.js';
import { findTemplate } from './templates.js';

/** A saved mapping: a MappingFile, or main's stored template ({ headers, mapping }). */
export interface SavedMapping {
  headers?: readonly string[] | undefined;
  mapping: Mapping;
}

export interface ImportSuggestion<T extends SavedMapping = SavedMapping> {
  sheetIndex: number;
  /** Index into the sheet's `rows` of the header row. */
  headerIndex: number;
  /** The header labels the mapping refers to (also what a saved template is keyed by). */
  headers: string[];
  mapping: Mapping;
  /** False when no sheet has a row that looks like a header: the user has to pick. */
  found: boolean;
  /** The saved template that gave the mapping, when one matched these headers. */
  template: T | null;
}

function viaTemplate<T extends SavedMapping>(
  sheet: Sheet,
  templates: readonly T[],
): { headerIndex: number; headers: string[]; template: T } | null {
  const end = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < end; i++) {
    const headers = headerLabels(sheet.rows, i, sheet.columnCount);
    const template = findTemplate(templates, headers);
    if (template !== null && resolveMapping(template.mapping, headers).ok) return { headerIndex: i, headers, template };
  }
  return null;
}

/**
 * What to show first for a freshly read workbook: the sheet, header row and mapping. A saved
 * template whose headers match wins; otherwise the first visible sheet with a recognisable header
 * row and the auto-matched columns; otherwise the first sheet with data, header on its first row.
 */
export function suggestImport<T extends SavedMapping>(
  workbook: Workbook,
  templates: readonly T[] = [],
): ImportSuggestion<T> {
  const order = workbook.sheets.map((s, i) => ({ s, i })).sort((a, b) => Number(a.s.hidden) - Number(b.s.hidden));
  if (templates.length > 0) {
    for (const { s, i } of order) {
      const hit = viaTemplate(s, templates);
      if (hit !== null)
        return {
          sheetIndex: i,
          headerIndex: hit.headerIndex,
          headers: hit.headers,
          mapping: hit.template.mapping,
          found: true,
          template: hit.template,
        };
    }
  }
  for (const { s, i } of order) {
    const guess = detectHeaderRow(s.rows, s.columnCount);
    if (guess.found) {
      return {
        sheetIndex: i,
        headerIndex: guess.index,
        headers: headerLabels(s.rows, guess.index, s.columnCount),
        mapping: guess.match.mapping,
        found: true,
        template: null,
      };
    }
  }
  const first = order.find(({ s }) => s.rowCount > 0) ?? order[0];
  const sheetIndex = first?.i ?? 0;
  const sheet = workbook.sheets[sheetIndex];
  const headers = headerLabels(sheet?.rows ?? [], 0, sheet?.columnCount);
  return {
    sheetIndex,
    headerIndex: 0,
    headers,
    mapping: autoMatchColumns(headers).mapping,
    found: false,
    template: null,
  };
}
