import * as XLSX from 'xlsx';

/**
 * A spreadsheet as offices make them: a title and a blank line above the header, headers in their
 * own words, phones stored as numbers with a phone format, an extension typed into the phone cell,
 * a blank row, an exact duplicate, a row with no phone, and an unknown phone type.
 */
export function messyWorkbookBytes(): Uint8Array {
  const rows: unknown[][] = [
    ['Acme Corp — customer phone list'],
    ['Exported 2026-11-20'],
    [],
    ['Cust #', 'Company', 'Telephone', 'Ext.', 'Phone Type'],
    ['C1001', 'Alpha Ltd', 5551234567, '', 'Office'],
    ['C1002', 'Beta GmbH', '555-222-3333 x204', '', 'Mobile'],
    ['C1003', 'Gamma', '', '', 'Office'],
    [],
    ['C1004', 'Delta', 5559876543, '12', 'Pager'],
    ['C1001', 'Alpha Ltd', 5551234567, '', 'Office'],
    ['C1005', 'Epsilon', '0044 20 7946 0958', '', 'Office'],
  ];
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  for (const ref of ['C5', 'C9', 'C10']) {
    const cell = sheet[ref] as XLSX.CellObject;
    cell.z = '(000) 000-0000';
    delete cell.w;
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Notes'], ['nothing here']]), 'Notes');
  XLSX.utils.book_append_sheet(book, sheet, 'Customers');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
}
