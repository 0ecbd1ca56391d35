import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../main/core/create-core.js';
import type { ConnectionNeeded } from '../../../main/core/core-events.js';
import { MemoryCredentialStore, type CredentialStore } from '../../../main/credentials/credential-store.js';
import { createLogger, type LogEntry } from '../../../main/logging/logger.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { AppError } from '../../../shared/domain/app-error.js';
import { READ_CHUNK_ROWS } from '../../../main/jobs/row-store.js';

/*
 * The two business rules that used to live in the composition root, run through the real core:
 * a real job sent over HTTP to the simulator, the real settings file, the real site registry.
 */
const TOKEN = 'core-rules-token-1234';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(
  store: CredentialStore = new MemoryCredentialStore(),
  tokens = [TOKEN],
): Promise<{ core: Core; sim: Simulator; logged: LogEntry[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wasp-core-'));
  const sim = await startSimulator({ port: 0, tokens, phoneTypes: ['Office', 'Mobile'] });
  const logged: LogEntry[] = [];
  const core = await createCore({
    dataDir,
    log: createLogger({ sinks: [{ write: (e) => void logged.push(e) }], minLevel: 'debug' }),
    credentials: store,
    sandbox: false,
    send: { pacingMs: 0, maxAttempts: 1 },
  });
  cleanups.push(async () => {
    await core.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { core, sim, logged };
}

const MAPPING = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'column', column: 'Type' },
} as const;

async function sendJob(core: Core, site: string, types: string[]): Promise<string> {
  const created = await core.intake.create({
    name: 'Rules',
    site,
    mapping: MAPPING,
    headers: ['Customer', 'Phone', 'Type'],
    rows: types.map((t, i) => ({
      row: i + 2,
      cells: [`C${i}`, `555-010-${String(1000 + i)}`, t],
      record: {
        CustomerNumber: `C${i}`,
        PhoneNumber: `555-010-${String(1000 + i)}`,
        PhoneExtension: '',
        PhoneTypeName: t,
      },
    })),
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

function next<E extends 'connectionNeeded'>(core: Core, name: E): Promise<ConnectionNeeded> {
  return new Promise((resolve) => {
    const off = core.events.on(name, (p) => {
      off();
      resolve(p);
    });
  });
}

describe('learning phone types from a finished job', () => {
  it('keeps the types Wasp accepted and drops one it refused, even if the person had added it', async () => {
    const { core, sim } = await setUp();
    await core.connections.saveToken(sim.url, TOKEN);
    await core.settings.setKnownPhoneTypes(['Cell']);
    const id = await sendJob(core, sim.url, ['Office', 'Mobile', 'Cell', 'Office']);
    await core.jobs.whenSettled(id);
    // The rule runs after the job's 'done' event: wait for the settings file to change.
    await expect.poll(() => core.settings.knownPhoneTypes()).toEqual(expect.arrayContaining(['Office', 'Mobile']));
    expect(await core.settings.knownPhoneTypes()).not.toContain('Cell');
  });

  it('reads every page of a job bigger than one page: a type saved only on its last row is learnt', async () => {
    const { core, sim } = await setUp();
    await core.connections.saveToken(sim.url, TOKEN);
    const types = Array.from({ length: READ_CHUNK_ROWS + 52 }, () => 'Office');
    types[types.length - 1] = 'Mobile';
    const id = await sendJob(core, sim.url, types);
    await core.jobs.whenSettled(id);
    await expect.poll(() => core.settings.knownPhoneTypes()).toEqual(expect.arrayContaining(['Office', 'Mobile']));
  });
});

describe('a job stopped on a rejected token', () => {
  it('marks the site rejected and asks the front ends to open Connect', async () => {
    const { core, sim } = await setUp();
    await core.connections.saveToken(sim.url, 'a-token-the-server-does-not-know');
    const needed = next(core, 'connectionNeeded');
    const id = await sendJob(core, sim.url, ['Office']);
    expect(await needed).toMatchObject({ jobId: id, reason: 'auth', site: new URL(sim.url).origin });
    const view = (await core.connections.list()).find((c) => c.site === new URL(sim.url).origin);
    expect(view?.lastResult).toBe('invalid-token');
  });

  it('a keychain that cannot give the token is named as such, and the token is not marked rejected', async () => {
    const locked = new MemoryCredentialStore();
    const { core, sim } = await setUp(locked);
    await core.connections.saveToken(sim.url, TOKEN);
    // From now on the keychain fails as a locked Secret Service does.
    locked.get = () => Promise.reject(new AppError('keychain', 'The system keychain is locked.'));
    const needed = next(core, 'connectionNeeded');
    await sendJob(core, sim.url, ['Office']);
    expect((await needed).message).toBe('The system keychain is locked.');
    const view = (await core.connections.list()).find((c) => c.site === new URL(sim.url).origin);
    expect(view?.lastResult).not.toBe('invalid-token');
  });
});

describe('core logging', () => {
  it('registers a token it reads, so a later line that quotes it is redacted', async () => {
    const { core, sim, logged } = await setUp();
    await core.connections.saveToken(sim.url, TOKEN);
    const id = await sendJob(core, sim.url, ['Office']);
    await core.jobs.whenSettled(id);
    core.log.warn('quoted', { text: `Authorization ${TOKEN}` });
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });
});
