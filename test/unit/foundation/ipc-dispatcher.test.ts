import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIpcDispatcher, type InvokeHandlers } from '../../../main/ipc/dispatcher.js';
import { createCore, type Core } from '../../../main/core/create-core.js';
import { createIpcAdapter, type IpcAdapter } from '../../../main/ipc/ipc-adapter.js';
import { SILENT_LOGGER } from '../../../main/logging/logger.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { AppError } from '../../../shared/domain/app-error.js';

const ORIGIN = 'app://wasp';
const trusted = { frameUrl: `${ORIGIN}/index.html`, isMainFrame: true, webContentsId: 7 };
const quietLog = { warn: () => {}, error: () => {} };

let core: Core;
let services: IpcAdapter;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wasp-ipc-'));
  core = await createCore({
    dataDir,
    log: SILENT_LOGGER,
    credentials: new MemoryCredentialStore(),
    sandbox: false,
    autoStart: false,
  });
  services = createIpcAdapter(core, { platform: 'linux' });
});
afterAll(async () => {
  services.dispose();
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function dispatcherWith(overrides: Partial<InvokeHandlers> = {}) {
  const handlers = { ...services.handlers, ...overrides };
  return createIpcDispatcher(handlers, { allowedOrigins: [ORIGIN], allowedWebContentsIds: () => [7] }, quietLog);
}

describe('IPC dispatcher', () => {
  it('answers a valid call from the app window', async () => {
    const d = await dispatcherWith();
    const r = await d.handle(trusted, 'getAppInfo', undefined);
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'Wasp Phone Importer', dataDir }) as unknown,
    });
  });

  it('rejects a payload that fails its schema with a typed validation error, then still works', async () => {
    const d = await dispatcherWith();
    const bad = await d.handle(trusted, 'getAppInfo', { surprise: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('validation');
      expect(bad.error.message).toContain('getAppInfo');
    }
    expect((await d.handle(trusted, 'getAppInfo', undefined)).ok).toBe(true);
  });

  it.each([
    ['another origin', { ...trusted, frameUrl: 'https://evil.example/index.html' }],
    ['a subframe', { ...trusted, isMainFrame: false }],
    ['another window', { ...trusted, webContentsId: 8 }],
    ['an unparseable URL', { ...trusted, frameUrl: 'not a url' }],
    ['file://', { ...trusted, frameUrl: 'file:///etc/passwd' }],
  ])('rejects a call from %s', async (_label, sender) => {
    let called = false;
    const d = await dispatcherWith({
      getAppInfo: () => ((called = true), { name: '', version: '', dataDir: '', platform: '' }),
    });
    const r = await d.handle(sender, 'getAppInfo', undefined);
    expect(r).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(called).toBe(false);
  });

  it('refuses a channel the contract does not list', async () => {
    const d = await dispatcherWith();
    expect(await d.handle(trusted, '__proto__', undefined)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await d.handle(trusted, 'readFile', '/etc/passwd')).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
  });

  it('passes AppErrors through with their kind and hides other exceptions behind an internal error', async () => {
    const d1 = await dispatcherWith({
      getAppInfo: () => {
        throw new AppError('auth', 'Token rejected');
      },
    });
    expect(await d1.handle(trusted, 'getAppInfo', undefined)).toEqual({
      ok: false,
      error: { kind: 'auth', message: 'Token rejected' },
    });
    const d2 = await dispatcherWith({
      getAppInfo: () => {
        throw new Error('secret internals /home/x');
      },
    });
    const r = await d2.handle(trusted, 'getAppInfo', undefined);
    expect(r).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('secret internals');
  });

  it('strips fields that are not in the response schema before they leave main', async () => {
    const d = await dispatcherWith({
      getAppInfo: () => ({ name: 'n', version: '1', dataDir: '/d', platform: 'p', token: 'SECRET' }) as never,
    });
    const r = await d.handle(trusted, 'getAppInfo', undefined);
    expect(JSON.stringify(r)).not.toContain('SECRET');
  });
});

describe('request bounds', () => {
  it('refuses extra keys, rows wider than the sheet, and too many status filters', async () => {
    const { invokeContract } = await import('../../../shared/ipc/contract.js');
    const mapping = {
      CustomerNumber: { kind: 'column', column: 'A' },
      PhoneNumber: { kind: 'column', column: 'B' },
      PhoneExtension: { kind: 'none' },
      PhoneTypeName: { kind: 'constant', value: 'Office' },
    };
    const row = {
      row: 2,
      cells: ['C1', '555-0100'],
      record: { CustomerNumber: 'C1', PhoneNumber: '555-0100', PhoneExtension: '', PhoneTypeName: 'Office' },
    };
    const job = { name: 'j', site: 'https://a.example', mapping, headers: ['A', 'B'], rows: [row] };
    const create = invokeContract.createJob.request;
    expect(create.safeParse(job).success).toBe(true);
    expect(create.safeParse({ ...job, padding: 'x'.repeat(1000) }).success).toBe(false);
    expect(create.safeParse({ ...job, rows: [{ ...row, extra: 1 }] }).success).toBe(false);
    expect(create.safeParse({ ...job, rows: [{ ...row, record: { ...row.record, token: 'x' } }] }).success).toBe(false);
    expect(create.safeParse({ ...job, rows: [{ ...row, cells: ['a', 'b', 'c'] }] }).success).toBe(false);
    const rows = invokeContract.getJobRows.request;
    expect(rows.safeParse({ jobId: 'abc', offset: 0, limit: 10, statuses: ['failed'] }).success).toBe(true);
    expect(rows.safeParse({ jobId: 'abc', offset: 0, limit: 10, statuses: Array(6).fill('failed') }).success).toBe(
      false,
    );
    expect(rows.safeParse({ jobId: '../../etc', offset: 0, limit: 10 }).success).toBe(false);
  });
});
