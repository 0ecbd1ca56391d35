export { readWorkbook, formatOfFileName } from './read-workbook.js';
export { decodeText, type DecodedText } from './text-decoding.js';
export { parseDelimited, sniffDelimiter } from './delimited-text.js';
export { columnLetter } from './sheet-builder.js';
export * from './workbook.js';
