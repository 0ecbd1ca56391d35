import { ok, type Result } from '../../shared/domain/app-error.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';
import { parseSiteUrl } from '../../shared/domain/site-url.js';
import { AUTH_MESSAGE, classifyResponse, type CallOutcome } from './call-outcome.js';
import { MAX_ANSWER_BYTES, readCappedText } from './capped-body.js';
import { loopbackTarget, type LookupHost } from './loopback-target.js';
import { describeNetworkError } from './network-error.js';
import { redactDeep, redactToken } from './redact.js';
import { userAgent } from './user-agent.js';
import { saveRequestBody } from './wire.js';

export const SAVE_PATH = '/public-api/phones/customer/save';
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface WaspClientOptions {
  /** Any URL of the site; only its origin is used. */
  site: string;
  /** A function so that a job can switch to a new token between calls without a new client. */
  token: string | (() => string);
  /** Product version for the User-Agent. */
  version: string;
  /** OS description for the User-Agent; defaults to this machine's. */
  os?: string;
  /** Whole-call limit (connect, send, wait, read body). */
  timeoutMs?: number;
  /** Injected for tests; defaults to Node's fetch. */
  fetch?: typeof fetch;
  /** Largest answer body read; a bigger one is a server error (retried), never held in memory. */
  maxAnswerBytes?: number;
  /** How `localhost` is resolved (injected for tests); defaults to the system's resolver. */
  lookupHost?: LookupHost;
}

export interface WaspClient {
  readonly site: string;
  /** Saves up to 500 records in one call. Never throws; the outcome says what happened. */
  save(records: readonly PhoneRecord[], signal?: AbortSignal): Promise<CallOutcome>;
  /**
   * The same call with an empty array: writes nothing but goes through Wasp's token and permission
   * checks. Used by testConnection and to find out whether the server answers again after an outage.
   */
  probe(signal?: AbortSignal): Promise<CallOutcome>;
}

// RFC 7230 field-value characters: a pasted token with a line break or non-ASCII cannot be sent.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function createWaspClient(options: WaspClientOptions): Result<WaspClient> {
  const site = parseSiteUrl(options.site);
  if (!site.ok) return site;
  const origin = site.value;
  const url = `${origin}${SAVE_PATH}`;
  const ua = userAgent(options.version, options.os);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const doFetch = options.fetch ?? fetch;
  const tokenOf = typeof options.token === 'function' ? options.token : () => options.token as string;

  async function call(body: string, signal: AbortSignal | undefined): Promise<CallOutcome> {
    if (signal?.aborted) return { kind: 'cancelled' };
    const token = tokenOf().trim();
    if (!HEADER_SAFE.test(token)) {
      return {
        kind: 'auth',
        status: 401,
        message:
          token === ''
            ? AUTH_MESSAGE
            : 'The saved API token contains spaces or characters that cannot be sent. Paste the token again.',
      };
    }
    const target = await loopbackTarget(url, options.lookupHost);
    if (!target.ok) return { kind: 'fatal', message: target.message };
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onCallerAbort = () => timeout.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const res = await doFetch(target.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'User-Agent': ua,
        },
        body,
        // Never follow: a redirect to another origin would carry the Authorization header there.
        redirect: 'manual',
        signal: timeout.signal,
      });
      if (res.status >= 300 && res.status < 400) {
        void res.body?.cancel().catch(() => undefined);
        return { kind: 'fatal', status: res.status, message: redirectMessage(res.headers.get('location'), origin) };
      }
      const answer = await readCappedText(res, maxAnswerBytes);
      if (!answer.ok) {
        return {
          kind: 'retryable',
          reason: 'server-busy',
          status: res.status,
          message: `The site's answer was larger than ${Math.round(maxAnswerBytes / (1024 * 1024))} MB, far more than Wasp sends for one batch; it was not read.`,
        };
      }
      // A server that echoes the token back (in an error text, say) must not carry it into messages
      // that reach the window, job files or reports. It is cut from every string *after* parsing,
      // because JSON may spell it with escapes (\u002B, \/) that only parsing turns back into the
      // token; the raw body is dropped here and never kept.
      const outcome = classifyResponse(res.status, res.headers, answer.text, (t) => redactToken(t, token));
      // An outcome carrying the envelope holds only strings that came through that cleaning (500
      // results a call: walking them again cost a sixth of the engine's time over a bare loop).
      // The others are a few fields, walked once more in case a message quotes the answer otherwise.
      return 'envelope' in outcome ? outcome : redactDeep(outcome, token);
    } catch (e) {
      if (signal?.aborted) return { kind: 'cancelled' };
      if (timeout.signal.aborted)
        return {
          kind: 'retryable',
          reason: 'timeout',
          message: `Wasp did not answer within ${Math.round(timeoutMs / 1000)} s.`,
        };
      const failure = describeNetworkError(e);
      if (failure.kind === 'reset') return { kind: 'retryable', reason: 'connection-reset', message: failure.message };
      return { kind: 'offline', code: failure.code, tls: failure.kind === 'tls', message: failure.message };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return ok({
    site: origin,
    save: (records, signal) => call(saveRequestBody(records), signal),
    probe: (signal) => call('[]', signal),
  });
}

function redirectMessage(location: string | null, site: string): string {
  let where = 'another address';
  if (location !== null) {
    try {
      const target = new URL(location, site);
      where = target.origin === site ? `another page of the same site (${target.pathname})` : target.origin;
    } catch {
      /* keep the generic words */
    }
  }
  return `The site redirected the request to ${where}. The app does not follow redirects, so the token is never sent anywhere else. Check that the site address is your Wasp InventoryCloud address.`;
}
