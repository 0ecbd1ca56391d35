import { AppError } from '../../shared/domain/app-error.js';
import type { ConnectionsService } from '../credentials/connections-service.js';
import { AUTH_MESSAGE, FORBIDDEN_MESSAGE } from '../wasp-api/call-outcome.js';
import type { ConnectionNeeded } from './core-events.js';

/**
 * A job stopped on 401/403. Says so on the site's card and tells the front ends to open Connect —
 * unless the keychain itself could not give the token (locked, unreachable): then the token may be
 * perfectly good, so it is not marked rejected, and the keychain's own message is shown instead.
 */
export async function connectionLost(
  connections: ConnectionsService,
  stopped: { site: string; jobId: string; state: 'auth' | 'forbidden'; message: string | undefined },
): Promise<ConnectionNeeded> {
  const { site, jobId, state } = stopped;
  const text = stopped.message ?? (state === 'auth' ? AUTH_MESSAGE : FORBIDDEN_MESSAGE);
  if (state === 'auth') {
    const keychainProblem = await connections.tokenFor(site).then(
      () => null,
      (e: unknown) => (e instanceof AppError && e.kind === 'keychain' ? e.message : null),
    );
    if (keychainProblem !== null) return { site, jobId, reason: state, message: keychainProblem };
  }
  await connections.recordVerification(site, state === 'auth' ? 'invalid-token' : 'forbidden', text);
  return { site, jobId, reason: state, message: text };
}
