import { constants, inflateRawSync } from 'node:zlib';
import type { InflateRaw } from '../../shared/spreadsheet/workbook.js';

/**
 * node:zlib's raw-deflate inflater for the shared spreadsheet reader (about three times as fast as
 * inflating in JavaScript): it throws ERR_BUFFER_TOO_LARGE as soon as the output passes `maxBytes`,
 * so a part that lies about its size is stopped at the size it claims, in time and in memory. One
 * output chunk of maxBytes + 1 (the reader passes parts of at most 64 MB) instead of 16 KB ones
 * joined at the end: 17 instead of 23 ms on a 17 MB sheet.
 */
export const nativeInflateRaw: InflateRaw = (data, maxBytes) =>
  inflateRawSync(data, {
    maxOutputLength: Math.max(1, maxBytes),
    chunkSize: Math.max(constants.Z_MIN_CHUNK, maxBytes + 1),
  });
