import { serialize } from 'node:v8';
import { test, expect } from './fixtures.js';
import { bundleForPage } from '../harness/harness.js';
import { copyAcrossIpc } from '../harness/ipc-copy.js';

/**
 * The harness must never be kinder than Electron. What Electron does with a bridge argument:
 * - contextBridge copies plain objects and arrays; a Proxy is not a plain object
 *   (electron_api_context_bridge.cc: IsPlainObject excludes IsProxy), so it goes to Electron's V8
 *   serializer, which throws "An object could not be cloned." (v8_value_serializer.cc) in the
 *   caller. Svelte 5 `$state` objects are Proxies; Vue's reactive objects fail the same way
 *   (electron/electron#39598, #29604).
 * - ipcRenderer.invoke: "Arguments will be serialized with the Structured Clone Algorithm … Sending
 *   Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an exception", and "Sending
 *   non-standard JavaScript types such as DOM objects … will throw an exception" (electron.d.ts,
 *   IpcRenderer.invoke). invoke is async, so these reject.
 * - "Sending custom classes will copy values but not the prototype" (docs/api/context-bridge.md).
 */
const CLONE_ERROR = 'An object could not be cloned.';

type Outcome = { threw: string } | { rejected: string } | { resolved: unknown };
type Probe = {
  draft: { headers: string[]; mapping: unknown };
  lookup: { headers: string[] };
  raw: Record<string, (r?: unknown) => Promise<unknown>>;
  wrapped: Record<string, (r?: unknown) => Promise<unknown>>;
};

let probeScript: Promise<string> | undefined;

test.describe('the bridge clones like Electron', () => {
  test.beforeEach(async ({ app }) => {
    probeScript ??= bundleForPage('test/harness/state-probe.svelte.ts');
    await app.page.evaluate(await probeScript);
  });

  test('a Svelte 5 $state object handed to a bridge function throws "An object could not be cloned." in the caller; main never hears of it', async ({
    app,
  }) => {
    const outcomes = await app.page.evaluate(async () => {
      const probe = (window as unknown as { __stateProbe: Probe }).__stateProbe;
      const attempt = async (call: () => Promise<unknown>): Promise<Outcome> => {
        let pending: Promise<unknown>;
        try {
          pending = call();
        } catch (e) {
          return { threw: (e as Error).message };
        }
        return pending.then(
          (value) => ({ resolved: value }),
          (e: unknown) => ({ rejected: (e as Error).message }),
        );
      };
      return {
        nested: await attempt(() =>
          probe.raw.saveMappingTemplate!({ headers: probe.draft.headers, mapping: probe.draft.mapping }),
        ),
        topLevel: await attempt(() => probe.raw.findMappingTemplate!(probe.lookup)),
        topLevelWrapped: await attempt(() => probe.wrapped.findMappingTemplate!(probe.lookup)),
        wrapped: await attempt(() =>
          probe.wrapped.saveMappingTemplate!({ headers: probe.draft.headers, mapping: probe.draft.mapping }),
        ),
      };
    });
    expect(outcomes.nested).toEqual({ threw: CLONE_ERROR });
    expect(outcomes.topLevel).toEqual({ threw: CLONE_ERROR });
    // The renderer's bridge wrapper (renderer/src/lib/bridge.ts) turns the same state into plain data.
    expect(outcomes.wrapped).toEqual({ resolved: { ok: true, value: expect.anything() } });
    expect(outcomes.topLevelWrapped).toEqual({ resolved: expect.objectContaining({ ok: true }) });
    if (app.requestLog) {
      expect(app.requestLog.filter((r) => r.name === 'findMappingTemplate').map((r) => r.request)).toEqual([
        { headers: ['Kunde', 'Rufnummer', 'Art'] },
      ]);
      expect(app.requestLog.filter((r) => r.name === 'saveMappingTemplate')).toHaveLength(1);
    }
    // Main's side of Electron's IPC is the same V8 serializer: a Proxy does not get through there either.
    expect(() => serialize(new Proxy({ CustomerNumber: { kind: 'none' } }, {}))).toThrow(/could not be cloned/);
  });

  test('functions, Symbols, Promises and DOM nodes are refused by invoke (a rejection), class instances arrive as plain data', async ({
    app,
  }) => {
    const outcomes = await app.page.evaluate(async () => {
      const raw = (window as unknown as { __stateProbe: Probe }).__stateProbe.raw;
      const attempt = async (request: unknown): Promise<Outcome> => {
        let pending: Promise<unknown>;
        try {
          pending = raw.findMappingTemplate!(request);
        } catch (e) {
          return { threw: (e as Error).message };
        }
        return pending.then(
          (value) => ({ resolved: value }),
          (e: unknown) => ({ rejected: (e as Error).message }),
        );
      };
      class Headers {
        headers = ['Kunde'];
        get hidden(): string {
          return 'prototype getters are not copied';
        }
      }
      return {
        fn: await attempt({ headers: ['Kunde'], toString: () => 'x' }),
        symbol: await attempt({ headers: [Symbol('Kunde')] }),
        promise: await attempt({ headers: Promise.resolve(['Kunde']) }),
        node: await attempt({ headers: [document.body] }),
        blob: await attempt({ headers: [new Blob(['Kunde'])] }),
        classInstance: await attempt(new Headers()),
      };
    });
    for (const kind of ['fn', 'symbol', 'promise', 'node', 'blob'] as const)
      expect(outcomes[kind], kind).toEqual({ rejected: CLONE_ERROR });
    expect(outcomes.classInstance).toEqual({ resolved: expect.objectContaining({ ok: true }) });
    if (app.requestLog) {
      const received = app.requestLog.filter((r) => r.name === 'findMappingTemplate').map((r) => r.request);
      expect(received).toEqual([{ headers: ['Kunde'] }]);
      expect(Object.getPrototypeOf(received[0])).toBe(Object.prototype);
    }
  });

  test('what main answers and pushes is a structured clone too: a function in a payload fails in main, as webContents.send does', () => {
    expect(() => copyAcrossIpc({ jobId: 'j1', onDone: () => undefined })).toThrow(/could not be cloned/);
    const sent = { when: new Date(0), counts: { saved: 1 }, missing: undefined };
    const received = copyAcrossIpc(sent);
    expect(received).toEqual(sent);
    expect(received.counts).not.toBe(sent.counts);
  });
});
