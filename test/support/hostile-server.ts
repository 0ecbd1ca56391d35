import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small misbehaving "Wasp" on 127.0.0.1 for the hostile-server tests: each test gives the answer
 * as a function of the request (parsed JSON body, Authorization header) and the call number.
 */
export interface HostileCall {
  n: number;
  token: string;
  records: unknown[];
}

export interface HostileServer {
  url: string;
  calls: HostileCall[];
  close(): Promise<void>;
}

export async function hostileServer(
  answer: (call: HostileCall, req: IncomingMessage, res: ServerResponse) => void,
): Promise<HostileServer> {
  const calls: HostileCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let records: unknown[] = [];
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]');
        if (Array.isArray(parsed)) records = parsed;
      } catch {
        /* keep [] */
      }
      const call: HostileCall = {
        n: calls.length + 1,
        token: (req.headers.authorization ?? '').replace(/^Bearer /, ''),
        records,
      };
      calls.push(call);
      answer(call, req, res);
    });
  });
  // Connections the client abandons (an oversized answer) must not keep close() waiting.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Writes `text` as JSON the way System.Text.Json and others may: `+` as \u002B and `/` as \/. */
export function escapedJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('+', '\\u002B').replaceAll('/', '\\/');
}

/** A Wasp answer saying every record failed, each with a message that quotes `text`. */
export function failingEnvelope(count: number, text: string): unknown {
  const entry = { Message: `Request from ${text} refused`, ResultCode: -1, HttpStatusCode: 400, FieldName: text };
  return {
    HasError: true,
    Messages: [entry],
    Data: {
      ResultList: Array.from({ length: count }, () => entry),
      SuccessfullResults: 0,
      TotalResults: count,
      ErrorCount: count,
    },
  };
}
