/** The text with its first letter upper-case, for a phrase that starts a sentence. */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
