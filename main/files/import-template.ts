import * as XLSX from 'xlsx';

/** The four headers Wasp's fields are matched by, in the order the Import screen lists them. */
export const TEMPLATE_HEADERS = ['Customer Number', 'Phone Number', 'Extension', 'Phone Type'] as const;

/** An empty .xlsx with the four headers, every column text so Excel keeps leading zeros and "+". */
export function importTemplateXlsx(): Uint8Array {
  const sheet: XLSX.WorkSheet = {};
  TEMPLATE_HEADERS.forEach((h, c) => {
    sheet[XLSX.utils.encode_cell({ r: 0, c })] = { t: 's', v: h, z: '@' };
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: 0, c: TEMPLATE_HEADERS.length - 1 } });
  sheet['!cols'] = TEMPLATE_HEADERS.map((h) => ({ wch: Math.max(16, h.length + 4), z: '@' }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Phones');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}
