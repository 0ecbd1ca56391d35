import { describe, expect, it } from 'vitest';
import { columnsUsedTwice, mappingMistakes, missingRequiredFields } from '../../../shared/records/mapping-check.js';
import type { Mapping } from '../../../shared/domain/job.js';

const HEADERS = ['Cust #', 'Name', 'Telephone', 'Ext.', 'Phone Type'];
const GOOD: Mapping = {
  CustomerNumber: { kind: 'column', column: 'Cust #' },
  PhoneNumber: { kind: 'column', column: 'Telephone' },
  PhoneExtension: { kind: 'column', column: 'Ext.' },
  PhoneTypeName: { kind: 'column', column: 'Phone Type' },
};

describe('mapping mistakes are caught on Import', () => {
  it('a good mapping has none', () => {
    expect(mappingMistakes(GOOD, HEADERS)).toEqual([]);
  });
  // The finding: "Cust #" as both customer and phone went through to Review, which showed 290 invalid rows.
  it('a column chosen for two fields is named with both fields', () => {
    const twice: Mapping = { ...GOOD, PhoneNumber: { kind: 'column', column: 'Cust #' } };
    expect(columnsUsedTwice(twice)).toEqual([{ column: 'Cust #', fields: ['CustomerNumber', 'PhoneNumber'] }]);
    const [mistake] = mappingMistakes(twice, HEADERS);
    expect(mistake).toBe(
      'The column “Cust #” is chosen for both customer number and phone number: choose a different column for phone number.',
    );
  });
  it('required fields without a column, or with an empty value for every row, are listed', () => {
    const m: Mapping = { ...GOOD, PhoneNumber: { kind: 'none' }, PhoneTypeName: { kind: 'constant', value: ' ' } };
    expect(missingRequiredFields(m, HEADERS)).toEqual(['PhoneNumber', 'PhoneTypeName']);
    expect(missingRequiredFields({ ...GOOD, CustomerNumber: { kind: 'column', column: 'Gone' } }, HEADERS)).toEqual([
      'CustomerNumber',
    ]);
    expect(mappingMistakes(m, HEADERS)).toEqual([
      'Choose a column (or a value for every row) for: Phone number, Phone type.',
    ]);
  });
});
