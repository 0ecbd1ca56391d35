/** The phone types the built-in Sandbox (the local Wasp simulator) has, known before anything is sent. */
export const SANDBOX_PHONE_TYPES: readonly string[] = ['Office', 'Mobile', 'Home', 'Fax', 'Work'];

/** One sentence saying what the Sandbox is, shown wherever it appears instead of its loopback address. */
export const SANDBOX_EXPLANATION =
  'A practice Wasp running on this computer: it accepts any customer number and the phone types Office, Mobile, Home, Fax and Work, and nothing reaches your real Wasp.';
