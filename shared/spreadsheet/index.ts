export { checkBeforeReading, formatOfFileName, readWorkbook } from './read-workbook.js';
export { decodeText, type DecodedText } from './text-decoding.js';
export { parseDelimited, sniffDelimiter } from './delimited-text.js';
export { columnLetter } from './sheet-builder.js';
export * from './workbook.js';
export { RowTable, tableWorkbook, workbookHead, type TableSheet, type TableWorkbook } from './row-table.js';
export { sendWorkbook, WorkbookReceiver, ROWS_PER_PART, type WorkbookPart } from './workbook-transfer.js';
