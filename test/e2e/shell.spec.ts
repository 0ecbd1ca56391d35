import { test, expect, shot } from './fixtures.js';

test('the app shell shows its steps and facts fetched from main over the bridge', async ({ app }) => {
  const { page } = app;
  const nav = page.getByRole('navigation', { name: 'Steps' });
  for (const step of ['Connect', 'Import', 'Review', 'Send', 'Results']) {
    await expect(nav.getByRole('button', { name: new RegExp(step) })).toBeVisible();
  }
  // The data folder comes from the real main-process service: only the harness's temp dir can match.
  await expect(page.getByTestId('data-dir')).toHaveText(`Data folder: ${app.dataDir}`);
  await expect(page.getByTestId('app-info')).toContainText(/Version \d+\.\d+\.\d+/);
  await shot(app, 'shell');
});

test('a malformed payload is answered with a validation error and the next call still works', async ({ app }) => {
  const result = await app.page.evaluate(async () => {
    const bridge = (window as unknown as { wasp: Record<string, (p?: unknown) => Promise<unknown>> }).wasp;
    const bad = await bridge['getAppInfo']!({ unexpected: 'payload' });
    const good = await bridge['getAppInfo']!();
    return { bad, good };
  });
  expect(result.bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
  expect(result.good).toMatchObject({ ok: true, value: { dataDir: app.dataDir } });
});

test('the page gets exactly the contract functions and no generic channel access', async ({ app }) => {
  const keys = await app.page.evaluate(() => Object.keys((window as unknown as { wasp: object }).wasp).sort());
  const { INVOKE_NAMES, EVENT_NAMES, eventSubscriberName } = await import('../../shared/ipc/channels.js');
  expect(keys).toEqual([...INVOKE_NAMES, ...EVENT_NAMES.map((e) => eventSubscriberName(e))].sort());
  const raw = await app.page.evaluate(() => ({
    ipc: typeof (window as unknown as Record<string, unknown>)['__waspIpc'],
    require: typeof (window as unknown as Record<string, unknown>)['require'],
  }));
  expect(raw).toEqual({ ipc: 'undefined', require: 'undefined' });
});

test('the strict CSP blocks inline script in the renderer', async ({ app }) => {
  const ran = await app.page.evaluate(async () => {
    // An allowed inline script runs during appendChild; a blocked one fires securitypolicyviolation.
    const refused = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
    );
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.appendChild(s);
    if ((window as unknown as { __inlineRan?: boolean }).__inlineRan === true) return true;
    await refused;
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});

test('events pushed from main reach the renderer through the bridge', async ({ app }) => {
  await app.page.evaluate(() => {
    const w = window as unknown as { wasp: { onNotice(cb: (p: unknown) => void): () => void }; __got: unknown[] };
    w.__got = [];
    w.wasp.onNotice((p) => w.__got.push(p));
  });
  app.services.events.emit('notice', { level: 'info', message: 'hello from main' });
  await expect
    .poll(() => app.page.evaluate(() => (window as unknown as { __got: unknown[] }).__got))
    .toEqual([{ level: 'info', message: 'hello from main' }]);
});
