export { checkBeforeReading, formatOfFileName, readWorkbook } from './read-workbook.js';
export { decodeText, type DecodedText } from './text-decoding.js';
export { parseDelimited, sniffDelimiter } from './delimited-text.js';
export { columnLetter } from './sheet-builder.js';
export * from './workbook.js';
export { sendWorkbook, WorkbookReceiver, ROWS_PER_PART, type WorkbookPart } from './workbook-transfer.js';
