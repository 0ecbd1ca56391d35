import type { ConnectionView } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';
import { connections } from './connections.svelte.js';

export type PreSend = { send: true; note?: string } | { send: false; message: string };

/**
 * Before a job goes to a site whose last test failed or that was never tested, the site is tested
 * first and the user is told so (`say`). A site that works, or that only cannot be reached because
 * the network is down or Wasp is busy (the job then waits and goes by itself), is sent to; a rejected token, a
 * missing permission or an address that does not lead to Wasp stops here, before anything is queued.
 */
export async function testBeforeSend(c: ConnectionView | undefined, say: (text: string) => void): Promise<PreSend> {
  if (c === undefined || c.isSandbox || c.lastResult === 'ok') return { send: true };
  say(
    c.lastResult === null
      ? `${c.label} has not been tested yet: testing the connection before sending…`
      : `The last test of ${c.label} failed: testing it again before sending…`,
  );
  const r = await wasp.testConnection({ site: c.site });
  if (!r.ok) return { send: false, message: r.error.message };
  connections.replace(r.value.connection);
  switch (r.value.result) {
    case 'ok':
      return { send: true, note: `Tested ${c.label} before sending: it works.` };
    case 'network':
      return {
        send: true,
        note: `${r.value.message} The job is queued and goes by itself when ${c.label} can be reached.`,
      };
    case 'busy':
      // The test's own words ("Try again in a moment") are for the Connect screen; here the job
      // does the trying again.
      return {
        send: true,
        note: `Tested ${c.label} before sending: Wasp is busy right now. The job is queued and is sent by itself as soon as Wasp takes calls again.`,
      };
    case 'invalid-token':
      // The test's own words speak to the Connect screen ("paste it here"); on Review, say where to go.
      return {
        send: false,
        message: `Tested ${c.label} before sending: Wasp rejected its token (invalid, expired or replaced). Nothing was sent; replace the token on Connect, then send again.`,
      };
    default:
      return {
        send: false,
        message: `Tested ${c.label} before sending: ${r.value.message} Nothing was sent; fix the connection on Connect, then send again.`,
      };
  }
}
