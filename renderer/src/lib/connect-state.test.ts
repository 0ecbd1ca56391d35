import { describe, expect, it } from 'vitest';
import { ConnectState, type ConnectBridge } from './connect-state.svelte.js';
import { Connections } from './connections.svelte.js';
import type { ConnectionView } from '../../../shared/ipc/contract.js';

const SITE = 'https://acme.waspinventorycloud.com';
const view = (extra: Partial<ConnectionView> = {}): ConnectionView =>
  ({
    site: SITE,
    label: 'Acme',
    hasToken: true,
    isDefault: true,
    isSandbox: false,
    lastResult: null,
    ...extra,
  }) as ConnectionView;

const NEED = { site: SITE, jobId: 'j', reason: 'auth' as const, message: 'Rejected.' };

function setup(testResult: 'ok' | 'invalid-token', needed: typeof NEED | null = null) {
  const sent: Array<{ site: string; token: string }> = [];
  let tokenFieldWhileSaving: string | null = null;
  const connections = new Connections({ listConnections: () => Promise.resolve({ ok: true, value: [] }) });
  connections.needed = needed;
  const bridge = {
    saveConnection: (r: { site: string; token: string }) => {
      sent.push(r);
      tokenFieldWhileSaving = form.tokenText;
      return Promise.resolve({ ok: true, value: view() });
    },
    testConnection: () =>
      Promise.resolve({
        ok: true,
        value: {
          result: testResult,
          message: testResult === 'ok' ? 'Connected to Acme.' : 'Wasp rejected the token.',
          connection: view({ lastResult: testResult }),
        },
      }),
  } as unknown as ConnectBridge;
  const form = new ConnectState(bridge, connections);
  return { form, connections, sent, tokenWhileSaving: () => tokenFieldWhileSaving };
}

describe('ConnectState: the Connect form', () => {
  it('refuses an address that is not a Wasp site, in words, and sends nothing', async () => {
    const { form, sent } = setup('ok');
    form.siteText = 'ftp://nowhere';
    form.tokenText = 'x';
    await form.save(true);
    expect(form.formError).toMatch(/\S/);
    expect(sent).toEqual([]);
  });

  it('empties the token field before main answers, then tests the site and says how it went', async () => {
    const { form, connections, sent, tokenWhileSaving } = setup('ok');
    form.siteText = SITE;
    form.tokenText = 'tok-123';
    await form.save(true);
    expect(sent[0]?.token).toBe('tok-123');
    expect(tokenWhileSaving()).toBe('');
    expect(form.siteText).toBe('');
    expect(form.feedback[SITE]).toEqual({ tone: 'ok', text: 'Connected to Acme.' });
    expect(connections.list[0]?.lastResult).toBe('ok');
  });

  it('a new token for a site that needed one clears the need only when it works', async () => {
    const bad = setup('invalid-token', NEED);
    expect(bad.form.replacing).toBe(SITE);
    bad.form.replaceToken = 'still-wrong';
    await bad.form.saveReplacement(SITE);
    expect(bad.form.feedback[SITE]?.tone).toBe('bad');
    expect(bad.connections.needed).not.toBeNull();

    const good = setup('ok', NEED);
    good.form.replaceToken = 'right';
    await good.form.saveReplacement(SITE);
    expect(good.connections.needed).toBeNull();
    expect(good.form.replacing).toBeNull();
  });
});
