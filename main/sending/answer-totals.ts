import type { WaspEnvelope } from '../wasp-api/envelope.js';

/**
 * Whether the counts in Wasp's answer (TotalResults, SuccessfullResults, ErrorCount) can be true
 * of a batch of `sent` records of which `saved` would be counted saved. A server that processed
 * only part of a batch (or a proxy that mangled the answer) says so here and nowhere else, so a
 * "no errors" answer whose numbers do not add up is not proof that every record was saved.
 * Absent counts prove nothing either way and are not held against the answer.
 */
export function totalsContradict(e: WaspEnvelope, sent: number, saved: number): string | null {
  const { totalResults: total, successfulResults: ok, errorCount: errors } = e;
  if (total !== undefined && total !== sent) return `Wasp counted ${total} results for ${sent} records sent`;
  if (ok !== undefined && (ok < 0 || ok > sent)) return `Wasp counted ${ok} saved of ${sent} records sent`;
  if (errors !== undefined && (errors < 0 || errors > sent))
    return `Wasp counted ${errors} errors for ${sent} records sent`;
  if (ok !== undefined && errors !== undefined && ok + errors !== (total ?? sent))
    return `Wasp's counts (${ok} saved, ${errors} errors) do not make ${total ?? sent}`;
  if (ok !== undefined && saved > ok)
    return `Wasp counted ${ok} saved but did not say which of the other records failed`;
  return null;
}
