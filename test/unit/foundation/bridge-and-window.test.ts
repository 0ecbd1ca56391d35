import { describe, expect, it } from 'vitest';
import { buildBridge } from '../../../preload/build-bridge.js';
import {
  EVENT_NAMES,
  INVOKE_NAMES,
  eventChannel,
  eventSubscriberName,
  invokeChannel,
} from '../../../shared/ipc/channels.js';
import { eventContract, invokeContract } from '../../../shared/ipc/contract.js';
import { buildWebPreferences } from '../../../main/security/web-preferences.js';
import { checkExternalUrl } from '../../../main/security/external-url.js';
import { CONTENT_SECURITY_POLICY } from '../../../main/security/content-security-policy.js';

describe('preload bridge', () => {
  it('exposes exactly the contract functions and event subscribers, frozen', () => {
    const bridge = buildBridge({ invoke: async () => null, subscribe: () => () => {} });
    const expected = [...INVOKE_NAMES, ...EVENT_NAMES.map((e) => eventSubscriberName(e))].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_NAMES].sort());
    expect(Object.keys(eventContract).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('sends each call on its own derived channel and forwards events to the listener', async () => {
    const calls: Array<[string, unknown]> = [];
    const subs = new Map<string, (p: unknown) => void>();
    const bridge = buildBridge({
      invoke: async (c, p) => (calls.push([c, p]), 'answer'),
      subscribe: (c, l) => (subs.set(c, l), () => subs.delete(c)),
    });
    expect(await bridge.getAppInfo()).toBe('answer');
    expect(calls).toEqual([[invokeChannel('getAppInfo'), undefined]]);
    const got: unknown[] = [];
    const off = bridge.onNotice((p) => got.push(p));
    subs.get(eventChannel('notice'))?.({ level: 'info', message: 'x' });
    expect(got).toEqual([{ level: 'info', message: 'x' }]);
    off();
    expect(subs.has(eventChannel('notice'))).toBe(false);
  });
});

describe('window security', () => {
  it('builds the secure webPreferences of the Electron checklist', () => {
    const prefs = buildWebPreferences('/app/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(buildWebPreferences('/app/preload.cjs', { devTools: true }).devTools).toBe(true);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('opens only https links without credentials', () => {
    expect(checkExternalUrl('https://www.waspbarcode.com/help')).toEqual({
      ok: true,
      url: 'https://www.waspbarcode.com/help',
    });
    for (const bad of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'https://u:p@example.com',
      'nonsense',
    ]) {
      expect(checkExternalUrl(bad).ok).toBe(false);
    }
  });

  it('has a CSP with nothing inline or remote', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});
