import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../../main/simulator/options.js';
import { PhoneBook } from '../../../main/simulator/phone-book.js';
import { SANDBOX_OPTIONS, SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { startSimulator } from '../../../main/simulator/simulator.js';
import { createWaspClient } from '../../../main/wasp-api/client.js';

const rec = (CustomerNumber: string, PhoneTypeName = 'Office', PhoneNumber = '+1 555 0100') => ({
  CustomerNumber,
  PhoneNumber,
  PhoneExtension: '',
  PhoneTypeName,
});
const refused = [rec(''), rec('C404'), rec('C1', 'Pager'), rec('C1', 'Office', '')];

describe("the simulator's phone book", () => {
  it('refuses a record for each of the four reasons, per record, with code, status and field', () => {
    const book = new PhoneBook({ ...DEFAULT_SIMULATOR_OPTIONS, customers: ['C1'] });
    const { results, errors } = book.apply([...refused, rec('C1')]);
    expect(errors).toBe(4);
    expect(results.map((r) => [r.ResultCode, r.HttpStatusCode, r.FieldName, r.Message])).toEqual([
      [-1, 422, 'CustomerNumber', 'CustomerNumber is required.'],
      [-2, 404, 'CustomerNumber', "Customer 'C404' not found."],
      [-3, 422, 'PhoneTypeName', "Phone type 'Pager' does not exist."],
      [-4, 422, 'PhoneNumber', 'PhoneNumber is required.'],
      [0, 200, null, "Phone 'Office' saved for customer 'C1'."],
    ]);
    expect(book.size).toBe(1);
  });

  it('without the key, messages do not name the customer; with it in Message, they always do', () => {
    const without = new PhoneBook({
      ...DEFAULT_SIMULATOR_OPTIONS,
      customers: ['C1'],
      resultMode: 'failures-without-key',
    });
    expect(without.apply(refused).results.map((r) => [r.Message, r.FieldName])).toEqual([
      ['CustomerNumber is required.', null],
      ['Customer not found.', null],
      ['Phone type does not exist.', null],
      ['PhoneNumber is required.', null],
    ]);
    const inMessage = new PhoneBook({
      ...DEFAULT_SIMULATOR_OPTIONS,
      customers: ['C1'],
      resultMode: 'failures-with-key',
      keyIn: 'Message',
    });
    expect(inMessage.apply(refused.slice(1, 3)).results.map((r) => r.Message)).toEqual([
      "Customer 'C404' not found.",
      "Phone type 'Pager' does not exist. (customer 'C1')",
    ]);
  });

  it('a save is an upsert per customer and type: a resend counts as a second write of the same phone', () => {
    const book = new PhoneBook({ ...DEFAULT_SIMULATOR_OPTIONS });
    book.apply([rec('C1'), rec('C1', 'office', '+1 555 0199'), rec('C1', 'Mobile')]);
    expect(book.phones()).toEqual([
      { customer: 'C1', type: 'Office', phone: '+1 555 0199', extension: '', writes: 2 },
      { customer: 'C1', type: 'Mobile', phone: '+1 555 0100', extension: '', writes: 1 },
    ]);
    expect(book.writes).toBe(3);
  });

  it('the Sandbox keeps none of the phones it saves, and answers exactly as a simulator that keeps them', () => {
    const records = [...refused, rec('C1'), rec('C1', 'office', '+1 555 0199'), rec('C2', 'Mobile')];
    const keeping = new PhoneBook({ ...DEFAULT_SIMULATOR_OPTIONS });
    const sandbox = new PhoneBook({ ...DEFAULT_SIMULATOR_OPTIONS, ...SANDBOX_OPTIONS });
    expect(sandbox.apply(records)).toEqual(keeping.apply(records));
    expect(keeping.size).toBe(3);
    expect(sandbox.size).toBe(0);
    expect(sandbox.phones()).toEqual([]);
    expect(sandbox.writes).toBe(keeping.writes);
  });

  it("the app's Sandbox saves a batch through the real client and holds nothing of it afterwards", async () => {
    const sim = await startSimulator({ ...SANDBOX_OPTIONS });
    try {
      const client = createWaspClient({ site: sim.url, token: SANDBOX_TOKEN, version: '1.0.0' });
      if (!client.ok) throw new Error(client.error.message);
      const outcome = await client.value.save([rec('C1'), rec('C2', 'Mobile'), rec('C3', 'Fax')]);
      expect(outcome.kind).toBe('done');
      expect(sim.inspect().writes).toBe(3);
      expect(sim.savedCount()).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
