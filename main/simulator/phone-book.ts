import type { SimulatorOptions } from './options.js';
import type { WtResult } from './wasp-answers.js';

export interface SavedPhone {
  customer: string;
  type: string;
  phone: string;
  extension: string;
  /** How many times this customer+type was written: more than 1 means a resend reached the server. */
  writes: number;
}

/** Why Wasp refuses a record: its ResultCode, HTTP status, field, and the message with and without the customer. */
interface Refusal {
  code: number;
  http: number;
  field: string;
  withKey: string;
  withoutKey: string;
}

const refusal = (code: number, http: number, field: string, withKey: string, withoutKey = withKey): Refusal => ({
  code,
  http,
  field,
  withKey,
  withoutKey,
});

type BookOptions = Pick<SimulatorOptions, 'customers' | 'phoneTypes' | 'resultMode' | 'keyIn' | 'prefers'> &
  Partial<Pick<SimulatorOptions, 'keepPhones'>>;

/**
 * What the simulated Wasp knows and keeps: its customers and phone types, and the phones saved,
 * one per customer and type (a save is an upsert). Applies records as Wasp's save does and answers
 * each the way the chosen result mode reports it.
 */
export class PhoneBook {
  private readonly saved = new Map<string, SavedPhone>();
  private types = new Map<string, string>();
  private customers: Set<string> | null = null;
  /** Sum of writes over all saved phones. */
  writes = 0;

  constructor(private readonly opts: BookOptions) {
    this.configure();
  }

  /** Call after the options changed. */
  configure(): void {
    this.types = new Map(this.opts.phoneTypes.map((t) => [t.toLowerCase(), t]));
    this.customers = this.opts.customers === 'any' ? null : new Set(this.opts.customers);
  }

  get size(): number {
    return this.saved.size;
  }

  phones(): SavedPhone[] {
    return [...this.saved.values()].map((p) => ({ ...p }));
  }

  clear(): void {
    this.saved.clear();
    this.writes = 0;
  }

  /** Applies the records and builds the ResultList the result mode calls for. */
  apply(items: unknown[]): { results: WtResult[]; errors: number } {
    const results: WtResult[] = [];
    let errors = 0;
    for (const raw of items) {
      const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const s = (k: string) => (typeof r[k] === 'string' ? r[k].trim() : '');
      const customer =
        this.opts.prefers === 'CustomerNo'
          ? s('CustomerNo') || s('CustomerNumber')
          : s('CustomerNumber') || s('CustomerNo');
      const typeName = s('PhoneTypeName');
      const phone = s('PhoneNumber');
      const failure = this.refusal(customer, typeName, phone);
      if (failure === null) {
        const type = this.types.get(typeName.toLowerCase()) ?? typeName;
        this.save(customer, type, phone, s('PhoneExtension'));
        if (this.opts.resultMode === 'per-record')
          results.push({
            ResultCode: 0,
            Message: `Phone '${type}' saved for customer '${customer}'.`,
            HttpStatusCode: 200,
            FieldName: null,
          });
      } else {
        errors++;
        results.push(this.describe(failure, customer));
      }
    }
    return { results, errors };
  }

  private save(customer: string, type: string, phone: string, extension: string): void {
    this.writes++;
    if (this.opts.keepPhones === false) return;
    const key = `${customer}\u0000${type}`;
    const prev = this.saved.get(key);
    if (prev === undefined) this.saved.set(key, { customer, type, phone, extension, writes: 1 });
    else {
      prev.phone = phone;
      prev.extension = extension;
      prev.writes++;
    }
  }

  private refusal(customer: string, typeName: string, phone: string): Refusal | null {
    if (customer === '') return refusal(-1, 422, 'CustomerNumber', 'CustomerNumber is required.');
    if (this.customers !== null && !this.customers.has(customer))
      return refusal(-2, 404, 'CustomerNumber', `Customer '${customer}' not found.`, 'Customer not found.');
    if (!this.types.has(typeName.toLowerCase()))
      return refusal(
        -3,
        422,
        'PhoneTypeName',
        `Phone type '${typeName}' does not exist.`,
        'Phone type does not exist.',
      );
    if (phone === '') return refusal(-4, 422, 'PhoneNumber', 'PhoneNumber is required.');
    return null;
  }

  private describe(f: Refusal, customer: string): WtResult {
    switch (this.opts.resultMode) {
      case 'per-record':
        return { ResultCode: f.code, Message: f.withKey, HttpStatusCode: f.http, FieldName: f.field };
      case 'failures-with-key':
        return this.opts.keyIn === 'FieldName'
          ? { ResultCode: f.code, Message: f.withKey, HttpStatusCode: f.http, FieldName: customer }
          : {
              ResultCode: f.code,
              Message: f.withKey.includes(`'${customer}'`) ? f.withKey : `${f.withKey} (customer '${customer}')`,
              HttpStatusCode: f.http,
              FieldName: f.field,
            };
      case 'failures-without-key':
        return { ResultCode: f.code, Message: f.withoutKey, HttpStatusCode: f.http, FieldName: null };
    }
  }
}
