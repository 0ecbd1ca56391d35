import type { Mapping } from '../../../shared/domain/job.js';

const col = (column: string) => ({ kind: 'column' as const, column });

/** A header row's cells, in the order MAPPING takes the four fields from. */
export const HEADER_CELLS: readonly string[] = ['Cust #', 'Phone', 'Ext', 'Type'];

/** Each field from its column of HEADER_CELLS, by name. */
export const MAPPING: Mapping = {
  CustomerNumber: col('Cust #'),
  PhoneNumber: col('Phone'),
  PhoneExtension: col('Ext'),
  PhoneTypeName: col('Type'),
};
