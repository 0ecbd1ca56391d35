import type { PhoneRecord } from '../../shared/domain/phone-record.js';

/** The JSON body for the save endpoint, built by hand: it is the hot path for large jobs. */
export function saveRequestBody(records: readonly PhoneRecord[]): string {
  const parts: string[] = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const customer = JSON.stringify(r.CustomerNumber);
    // CustomerNo is an undocumented duplicate; which one the server reads is unknown, so both carry the value.
    parts[i] =
      `{"CustomerNumber":${customer},"CustomerNo":${customer},"PhoneNumber":${JSON.stringify(r.PhoneNumber)},` +
      `"PhoneExtension":${JSON.stringify(r.PhoneExtension)},"PhoneTypeName":${JSON.stringify(r.PhoneTypeName)},"FormId":0}`;
  }
  return `[${parts.join(',')}]`;
}
