export const STEPS = [
  { id: 'connect', label: 'Connect', hint: 'Your Wasp site and API token' },
  { id: 'import', label: 'Import', hint: 'Open a spreadsheet' },
  { id: 'review', label: 'Review', hint: 'Check and fix the records' },
  { id: 'send', label: 'Send', hint: 'Send to Wasp in batches' },
  { id: 'results', label: 'Results', hint: 'Every row’s outcome' },
] as const;

export type StepId = (typeof STEPS)[number]['id'] | 'jobs';
