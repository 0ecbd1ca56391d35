import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../../shared/domain/failure-explanations.js';
import { describeProgress } from '../../../shared/domain/job-state-words.js';

describe('failure explanations', () => {
  it.each([
    [
      "Phone type 'Pager' does not exist.",
      { httpStatusCode: 422 },
      /phone type/i,
      /Create the phone type in Wasp first/,
    ],
    ["Customer 'C9' not found", { httpStatusCode: 404 }, /No customer with this number/, /Check the customer number/],
    ['Access denied', { httpStatusCode: 403 }, /not allowed/, /Update Customer/],
    ['Internal error', { httpStatusCode: 500 }, /problem saving/, /Retry later/],
    ['Something odd', {}, /refused/, /Wasp’s message/],
  ])('%s', (message, wasp, title, action) => {
    const e = explainFailure(message, wasp);
    expect(e.title).toMatch(title);
    expect(e.action).toMatch(action);
  });
});

describe('job state words', () => {
  it('says each state in words', () => {
    expect(describeProgress({ state: 'sending', batch: 2, batches: 12 })).toBe('Sending batch 3 of 12');
    expect(describeProgress({ state: 'sending', batch: 0, batches: 12 })).toBe('Sending batch 1 of 12');
    expect(describeProgress({ state: 'sending', batch: 12, batches: 12 })).toBe('Sending batch 12 of 12');
    expect(describeProgress({ state: 'waiting', batch: 3, batches: 12, waitSeconds: 7.2 })).toBe(
      'Wasp asked us to wait 8 s',
    );
    expect(describeProgress({ state: 'offline', batch: 1, batches: 2 })).toBe(
      'Offline: will continue when the network is back',
    );
    expect(describeProgress({ state: 'auth', batch: 1, batches: 2 })).toBe('Token rejected: reconnect to continue');
    expect(describeProgress({ state: 'done', batch: 2, batches: 2 })).toBe('Finished');
  });
});
