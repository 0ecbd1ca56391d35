import type { WaspRecordResult } from './job.js';

export interface FailureExplanation {
  /** What went wrong, in plain words. */
  title: string;
  /** What the user can do about it. */
  action: string;
}

/**
 * Plain words for the failures Wasp reports per record. Wasp's own message is always shown beside
 * this; the explanation only adds what it means and what to do. Matching is by wording and status
 * because Wasp's ResultCodes are undocumented.
 */
export function explainFailure(message: string | undefined, wasp?: WaspRecordResult): FailureExplanation {
  const text = (message ?? wasp?.message ?? '').toLowerCase();
  const status = wasp?.httpStatusCode;
  if (
    /phone ?type/.test(text) &&
    /(not (be )?found|does not exist|doesn't exist|unknown|invalid|not exist)/.test(text)
  ) {
    return {
      title: 'Wasp does not know this phone type.',
      action:
        'Create the phone type in Wasp first (the API cannot create it), or change the type to one that exists, then retry.',
    };
  }
  if (/customer/.test(text) && /(not (be )?found|does not exist|doesn't exist|unknown|no customer)/.test(text)) {
    return {
      title: 'No customer with this number exists in Wasp.',
      action: 'Check the customer number against Wasp (Customers list); fix it or create the customer, then retry.',
    };
  }
  if (status === 403 || /permission|not authori[sz]ed|forbidden|access denied/.test(text)) {
    return {
      title: 'The token’s user is not allowed to change customers.',
      action: 'In Wasp, give the token’s user the “Update Customer” permission, then retry.',
    };
  }
  if (/phone ?number/.test(text) && /(invalid|format|too long|required|empty)/.test(text)) {
    return { title: 'Wasp did not accept the phone number.', action: 'Correct the number in Review and retry.' };
  }
  if (/(required|empty|missing)/.test(text)) {
    return { title: 'A required value is missing.', action: 'Fill in the missing field in Review and retry.' };
  }
  if (status !== undefined && status >= 500) {
    return {
      title: 'Wasp had a problem saving this record.',
      action: 'Retry later; if it keeps failing, contact Wasp support with the message below.',
    };
  }
  return {
    title: 'Wasp refused this record.',
    action: 'Read Wasp’s message below, correct the row in Review and retry.',
  };
}
