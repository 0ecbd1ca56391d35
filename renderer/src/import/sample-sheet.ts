/**
 * "Try a sample": a small sheet shipped inside the app, laid out as offices' sheets are (a title row
 * above the header, a company column Wasp does not need) and ready for the Sandbox: its customers
 * and phone types are ones the Sandbox accepts, so it goes through to Results without a problem.
 */
export const SAMPLE_FILE_NAME = 'Sample phones.csv';

export const SAMPLE_CSV = [
  'Customer phone list (sample)',
  '',
  'Customer Number,Company,Phone Number,Extension,Phone Type',
  'C-1001,Acme Plumbing,(212) 555-0143,,Office',
  'C-1001,Acme Plumbing,(917) 555-0178,,Mobile',
  'C-1002,Baker & Sons,+44 20 7946 0958,12,Office',
  'C-1003,Corner Café,(415) 555-0102,,Work',
  'C-1004,Delta Freight,(312) 555-0199,204,Office',
  'C-1004,Delta Freight,(312) 555-0100,,Fax',
  'C-1005,Evergreen Dental,+49 89 6237510,,Office',
  'C-1006,Fox Bakery,(206) 555-0111,,Home',
].join('\r\n');

export function sampleFile(): File {
  return new File([SAMPLE_CSV], SAMPLE_FILE_NAME, { type: 'text/csv' });
}
