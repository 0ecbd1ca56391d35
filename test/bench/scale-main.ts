/**
 * The main process of the scale benchmark, on its own: main's real services and IPC dispatcher, as
 * Electron's main would run them, in a process of their own so that their memory and event loop
 * are measured without the browser harness (Playwright, the bundler) sharing them. The benchmark's
 * browser side forwards every bridge call here over the process channel and delivers the events.
 */
import { createServer, type AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCoreWithIpc } from '../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../main/credentials/credential-store.js';
import { createIpcDispatcher } from '../../main/ipc/dispatcher.js';
import { eventChannel } from '../../shared/ipc/channels.js';
import { MainProfile } from './main-profile.js';

export type ToMain =
  | { type: 'invoke'; id: number; frameUrl: string; isMainFrame: boolean; name: string; payload: unknown }
  | { type: 'measure'; id: number; start: boolean }
  | { type: 'jobs'; id: number }
  | { type: 'settle'; id: number; jobId: string }
  | { type: 'pause'; id: number; jobId: string }
  | { type: 'close'; id: number };
export type FromMain =
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'event'; channel: string; payload: unknown }
  | { type: 'ready'; site: string };

const [dataDir, origin] = process.argv.slice(2) as [string, string];
const send = (m: FromMain) => process.send?.(m);

// Electron's main sends with net.fetch, which is part of the running binary. This stand-in sends with
// Node's fetch, whose undici bundle is compiled on its first call: one 40-55 ms task (profiled) that
// Electron's main never has. It is loaded here, before anything is measured, as Electron's network
// stack is before any window opens.
await (await fetch('data:,')).arrayBuffer();

const services = await openCoreWithIpc({
  dataDir,
  credentials: new MemoryCredentialStore(),
  sandbox: { port: 0 },
  send: { pacingMs: 0 },
  autoStart: false,
});
const dispatcher = createIpcDispatcher(
  services.handlers,
  { allowedOrigins: [origin] },
  { warn: () => undefined, error: (m, e) => console.error(m, e) },
);
services.events.subscribe((name, payload) => send({ type: 'event', channel: eventChannel(name), payload }));

let peak = 0;
let sampler: NodeJS.Timeout | null = null;
const delay = monitorEventLoopDelay({ resolution: 10 });
const profileDir = process.env['SCALE_MAIN_PROFILE'];
const profile = profileDir === undefined ? null : new MainProfile(profileDir);

process.on('message', (m: ToMain) => {
  void (async () => {
    switch (m.type) {
      case 'invoke':
        if (m.name !== 'addJobRows' && m.name !== 'getJobRows') profile?.mark(m.name);
        return send({
          type: 'reply',
          id: m.id,
          value: await dispatcher.handle({ frameUrl: m.frameUrl, isMainFrame: m.isMainFrame }, m.name, m.payload),
        });
      case 'measure':
        if (m.start) {
          await profile?.start();
          peak = process.memoryUsage.rss();
          delay.reset();
          delay.enable();
          sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
          return send({ type: 'reply', id: m.id, value: null });
        }
        if (sampler) clearInterval(sampler);
        delay.disable();
        await profile?.stop();
        // max is the longest delay of a 10 ms timer: how long the loop was blocked, plus the 10 ms.
        return send({
          type: 'reply',
          id: m.id,
          value: {
            rssMb: Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024,
            blockMs: Math.max(0, delay.max / 1e6 - 10),
          },
        });
      case 'jobs':
        return send({ type: 'reply', id: m.id, value: services.jobs.listJobs() });
      case 'settle':
        await services.jobs.whenSettled(m.jobId);
        profile?.mark('settled');
        return send({ type: 'reply', id: m.id, value: null });
      case 'pause':
        return send({ type: 'reply', id: m.id, value: await services.jobs.pause(m.jobId) });
      case 'close':
        await services.close();
        send({ type: 'reply', id: m.id, value: null });
        process.exit(0);
    }
  })();
});
// The same for undici's HTTP/1.1 client, compiled on its first real connection (its parser, a
// WebAssembly module) and first streamed body, and for the parts of Node it loads lazily then: a
// 20-30 ms block (profiled: llhttp, lazily compiled internals, the error undici builds when a
// reader is released) in the first calls of every run. One POST with a body, before anything is
// measured, to a throwaway socket that answers 404 and closes: not to the Sandbox, whose code (and
// Node's HTTP server under it) stays cold as in Electron's main, and no connection is left pooled.
await warmUpHttpClient();

async function warmUpHttpClient(): Promise<void> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/warm-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    await answer.text();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

send({ type: 'ready', site: services.sandboxSite ?? '' });
