import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isLoopbackHost } from '../../shared/domain/site-url.js';
import { DEFAULT_SIMULATOR_OPTIONS, type SimFault, type SimulatorOptions } from './options.js';
import { PhoneBook, type SavedPhone } from './phone-book.js';
import { batchError as batchErrorText, envelope, send } from './wasp-answers.js';

export type { SavedPhone } from './phone-book.js';

const SAVE_PATH = '/public-api/phones/customer/save';

/** One call to the save endpoint as the simulator saw it. */
export interface SimCall {
  at: number;
  records: number;
  /** HTTP status answered, or what happened instead. */
  outcome: number | 'reset' | 'hang';
  fault?: SimFault['kind'];
  userAgent?: string;
  /** The first record as received, for wire-format checks. */
  firstRecord?: unknown;
  /** Save calls being answered when this one arrived, itself included: how many calls the client had in flight. */
  inFlight: number;
}

export interface SimState {
  /** Calls to the save endpoint, probes included. */
  calls: number;
  /** Calls that carried at least one record. */
  recordCalls: number;
  log: SimCall[];
  saved: SavedPhone[];
  /** Sum of writes over all saved phones. */
  writes: number;
  pendingFaults: number;
}

export interface Simulator {
  /** Origin to use as the site, e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly port: number;
  inspect(): SimState;
  /** Number of saved phones without building the whole state (cheap for big runs). */
  savedCount(): number;
  script(...faults: SimFault[]): void;
  setOptions(patch: Partial<Omit<SimulatorOptions, 'host' | 'port'>>): void;
  reset(): void;
  close(): Promise<void>;
}

/** 500 records are well under 1 MB; anything near this is not a Wasp client. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOCAL_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/** The log keeps only the most recent calls so a 100,000-record benchmark does not grow it without end. */
const LOG_LIMIT = 5_000;

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const opts: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, ...options };
  if (!isLoopbackHost(opts.host))
    throw new Error(`The simulator only listens on loopback addresses, not ${opts.host}.`);
  const book = new PhoneBook(opts);
  const faults: SimFault[] = [];
  const log: SimCall[] = [];
  let calls = 0;
  let recordCalls = 0;
  /** Save calls received and not yet answered (their response not yet closed). */
  let answering = 0;
  const recentCalls: number[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function record(call: SimCall) {
    log.push(call);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
  }

  const batchError = (message: string) => batchErrorText(opts.spelling, message);

  function rateLimited(now: number): boolean {
    const rl = opts.rateLimit;
    if (rl === null) return false;
    while (recentCalls.length > 0 && recentCalls[0]! <= now - rl.windowMs) recentCalls.shift();
    if (recentCalls.length >= rl.maxCalls) return true;
    recentCalls.push(now);
    return false;
  }

  function resetSocket(req: IncomingMessage) {
    const socket = req.socket as Socket & { resetAndDestroy?: () => void };
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }

  async function handleSave(req: IncomingMessage, res: ServerResponse, bodyText: string) {
    calls++;
    answering++;
    // No longer in flight once its answer is handed over (before the client can read it and call
    // again), or once its connection closes unanswered (a hang, a reset).
    let open = true;
    const answered = () => {
      if (open) answering--;
      open = false;
    };
    res.once('close', answered);
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      answered();
      return end(...args);
    }) as ServerResponse['end'];
    const now = Date.now();
    const call: SimCall = { at: now, records: 0, outcome: 200, inFlight: answering };
    const ua = req.headers['user-agent'];
    if (ua !== undefined) call.userAgent = ua;
    let parsed: unknown;
    let parseOk = true;
    try {
      parsed = JSON.parse(bodyText);
    } catch {
      parseOk = false;
    }
    const items = Array.isArray(parsed) ? parsed : [];
    call.records = items.length;
    if (items.length > 0) {
      recordCalls++;
      call.firstRecord = items[0];
    }
    record(call);

    const fault = faults.shift();
    if (fault !== undefined) call.fault = fault.kind;
    if (fault?.kind === 'hang') {
      if (fault.afterSave === true) book.apply(items);
      call.outcome = 'hang';
      return; // the socket stays open until the client gives up or the simulator closes
    }
    await delay(opts.latencyMs);
    if (fault !== undefined) {
      switch (fault.kind) {
        case 'http': {
          call.outcome = fault.status;
          const headers: Record<string, string> = {};
          const header = fault.header ?? 'wasp';
          if (fault.status === 429 || fault.resetSeconds !== undefined) {
            if (header === 'wasp') headers['wasp-overloadprotection-reset'] = String(fault.resetSeconds ?? 1);
            if (header === 'retry-after') headers['Retry-After'] = String(fault.resetSeconds ?? 1);
          }
          if (fault.status === 401) headers['WWW-Authenticate'] = 'Bearer error="invalid_token"';
          return send(
            res,
            fault.status,
            fault.body ?? (fault.status === 401 ? '' : batchError(`Simulated HTTP ${fault.status}.`)),
            headers,
          );
        }
        case 'reset':
          if (fault.afterSave === true) book.apply(items);
          call.outcome = 'reset';
          return resetSocket(req);
        case 'malformed':
          if (fault.afterSave === true) book.apply(items);
          return send(res, 200, '{"Data": {"ResultList": [ <html>Service Unavailable');
        case 'redirect':
          call.outcome = fault.status ?? 302;
          res.writeHead(fault.status ?? 302, { Location: fault.location, 'Content-Length': 0 });
          return res.end();
        case 'raw':
          book.apply(items);
          call.outcome = fault.status ?? 200;
          return send(res, fault.status ?? 200, fault.body);
      }
    }

    const auth = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
    if (!opts.tokens.includes(token) && !opts.noPermissionTokens.includes(token)) {
      call.outcome = 401;
      return send(res, 401, '', { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'text/plain' });
    }
    if (opts.noPermissionTokens.includes(token)) {
      call.outcome = 403;
      return send(
        res,
        403,
        batchError('You do not have permission to perform this action. Required permission: Update Customer.'),
      );
    }
    if (ua === undefined || ua.trim() === '') {
      call.outcome = 400;
      return send(res, 400, batchError('A User-Agent header is required.'));
    }
    if (rateLimited(now)) {
      call.outcome = 429;
      return send(res, 429, batchError('Too many requests.'), {
        'wasp-overloadprotection-reset': String(opts.rateLimit?.resetSeconds ?? 1),
      });
    }
    if (!parseOk || !Array.isArray(parsed)) {
      call.outcome = 400;
      return send(res, 400, batchError('The request body must be a JSON array of SaveCustomerPhoneRequest.'));
    }
    if (items.length > opts.maxRecords) {
      call.outcome = 400;
      return send(res, 400, batchError(`A maximum of ${opts.maxRecords} records can be saved at a time.`));
    }
    // An empty array passes the token and permission checks above and writes nothing: 200 with an
    // empty result. testConnection relies on exactly this order (auth, permission, then body).
    const { results, errors } = book.apply(items);
    return send(res, 200, JSON.stringify(envelope(opts.spelling, results, items.length, errors)));
  }

  function state(): SimState {
    const saved = book.phones();
    return {
      calls,
      recordCalls,
      log: log.map((c) => ({ ...c })),
      saved,
      writes: book.writes,
      pendingFaults: faults.length,
    };
  }

  function resetState() {
    book.clear();
    faults.length = 0;
    log.length = 0;
    recentCalls.length = 0;
    calls = 0;
    recordCalls = 0;
  }

  function setOptions(patch: Partial<SimulatorOptions>) {
    const { host: _h, port: _p, ...rest } = patch;
    Object.assign(opts, rest);
    book.configure();
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, bodyText: string) {
    let body: unknown = undefined;
    if (bodyText.trim() !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return send(res, 400, JSON.stringify({ error: 'body is not JSON' }));
      }
    }
    if (req.method === 'GET' && path === '/__sim/state') return send(res, 200, JSON.stringify(state()));
    if (req.method === 'POST' && path === '/__sim/script') {
      const list = Array.isArray(body) ? body : [body];
      faults.push(...(list as SimFault[]));
      return send(res, 200, JSON.stringify({ pendingFaults: faults.length }));
    }
    if (req.method === 'POST' && path === '/__sim/reset') {
      resetState();
      return send(res, 200, '{}');
    }
    if (req.method === 'POST' && path === '/__sim/options') {
      setOptions(body ?? {});
      return send(res, 200, '{}');
    }
    return send(res, 404, JSON.stringify({ error: 'unknown simulator control endpoint' }));
  }

  const server = createServer((req, res) => {
    // Only this computer's own clients by name (a DNS-rebinding page sends another Host) and never a
    // browser page (which sends Origin): the simulator answers API clients, the app and tests.
    if (!LOCAL_HOST.test(req.headers.host ?? '') || req.headers.origin !== undefined) {
      send(res, 403, JSON.stringify({ error: 'The simulator only answers local API clients.' }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        tooBig = true;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) {
        send(res, 413, batchError('The request body is too large.'));
        return;
      }
      const bodyText = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const run =
        path.startsWith('/__sim/') && opts.controls
          ? handleControl(req, res, path, bodyText)
          : req.method === 'POST' && path.toLowerCase() === SAVE_PATH
            ? handleSave(req, res, bodyText)
            : Promise.resolve(
                send(res, 404, JSON.stringify({ Message: 'No HTTP resource was found that matches the request URI.' })),
              );
      run.catch(() => {
        if (!res.headersSent) send(res, 500, batchError('Simulator error.'));
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    inspect: state,
    savedCount: () => book.size,
    script: (...f) => void faults.push(...f),
    setOptions,
    reset: resetState,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}
