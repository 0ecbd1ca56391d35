import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createCore, type Core } from '../../../main/core/create-core.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { createLogger } from '../../../main/logging/logger.js';
import { LogRedactor, secretForms } from '../../../main/logging/log-redaction.js';
import { rotatingFileSink } from '../../../main/logging/rotating-file-sink.js';
import { writeDiagnosticsBundle, type DiagnosticsRequest } from '../../../main/diagnostics/diagnostics-bundle.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';

/*
 * The bundle is built from a real data folder: a site with a token in the (memory) keychain, a job
 * of distinctive rows sent to the simulator over HTTP, and a log that was handed the token and the
 * rows' phone numbers by careless call sites. Then every file of the zip is searched.
 */
const TOKEN = 'diag-TOKEN+a1b2/c3d4==';
const PHONES = ['+1 555 867 5309', '(089) 6237510', '020 7946 0958'];
const CUSTOMERS = ['CUST-ZEBRA-1', 'CUST-ZEBRA-2', 'CUST-ZEBRA-3'];

let dataDir: string;
let services: Core;
let simulator: Simulator;
let redactor: LogRedactor;
let request: Omit<DiagnosticsRequest, 'target' | 'includeRows'>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wasp-diag-'));
  simulator = await startSimulator({ port: 0, controls: false, tokens: [TOKEN] });
  redactor = new LogRedactor();
  const log = createLogger({ sinks: [rotatingFileSink({ dir: join(dataDir, 'logs') })], redactor });
  services = await createCore({
    dataDir,
    log,
    credentials: new MemoryCredentialStore(),
    sandbox: false,
    send: { pacingMs: 0 },
  });

  await services.connections.saveToken(simulator.url, TOKEN);
  const done = new Promise<void>((resolve) => {
    const off = services.jobs.onProgress((p) => {
      if (p.state === 'done') {
        off();
        resolve();
      }
    });
  });
  const created = await services.intake.create({
    name: 'Diagnostics job',
    site: simulator.url,
    mapping: {
      CustomerNumber: { kind: 'column', column: 'Customer' },
      PhoneNumber: { kind: 'column', column: 'Phone' },
      PhoneExtension: { kind: 'none' },
      PhoneTypeName: { kind: 'constant', value: 'Office' },
    },
    headers: ['Customer', 'Phone'],
    rows: CUSTOMERS.map((c, i) => ({
      row: i + 2,
      cells: [c, PHONES[i]!],
      record: { CustomerNumber: c, PhoneNumber: PHONES[i]!, PhoneExtension: '', PhoneTypeName: 'Office' },
    })),
  });
  if (!created.ok) throw new Error(created.error.message);
  await done;

  // Call sites that should not have passed these, and a library error that quotes the header.
  log.info('job finished', { jobId: created.value.id, site: simulator.url });
  log.warn('careless field', { phone: PHONES[0]!, escaped: JSON.stringify(TOKEN) });
  log.error('request failed', new Error(`401 for Authorization: Bearer ${TOKEN} on ${PHONES[1]!}`));

  request = {
    dataDir,
    about: {
      product: 'Wasp Phone Importer',
      version: '0.1.0',
      runtime: { ...process.versions },
      os: { platform: process.platform, release: release(), arch: process.arch },
    },
    jobs: services.jobs.listJobs(),
    rowsOf: async (id) => {
      const detail = await services.jobs.getJob(id);
      return detail.ok ? detail.value.rows : [];
    },
    redactor,
  };
}, 30_000);

afterAll(async () => {
  await services.close();
  await simulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function unzip(path: string): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await readFile(path)));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

describe('Save diagnostics', () => {
  it('without rows: logs, versions, settings and job summaries, and neither the token nor any row data', async () => {
    const target = join(dataDir, 'diag-norows.zip');
    const result = await writeDiagnosticsBundle({ ...request, target, includeRows: false });
    const files = await unzip(target);
    expect(Object.keys(files).sort()).toEqual(result.files);
    expect(result.files).toEqual(
      expect.arrayContaining(['about.json', 'jobs.json', 'logs/main.log', 'settings/connections.json']),
    );
    expect(result.files.some((f) => f.startsWith('rows/'))).toBe(false);

    const all = Object.values(files).join('\n');
    for (const form of secretForms(TOKEN)) expect(all).not.toContain(form);
    for (const phone of PHONES) expect(all.replace(/\D/g, ' ')).not.toContain(phone.replace(/\D/g, ''));
    for (const customer of CUSTOMERS) expect(all).not.toContain(customer);

    // What support needs is there.
    expect(JSON.parse(files['jobs.json']!)).toEqual([
      expect.objectContaining({ name: 'Diagnostics job', counts: expect.objectContaining({ saved: 3 }) as unknown }),
    ]);
    expect(JSON.parse(files['about.json']!)).toMatchObject({
      version: '0.1.0',
      runtime: { node: process.versions.node },
    });
    expect(files['logs/main.log']).toContain('request failed');
    expect(files['settings/connections.json']).toContain(new URL(simulator.url).origin);
  });

  it('with rows ticked: the rows are there, the token still is not', async () => {
    const target = join(dataDir, 'diag-rows.zip');
    const result = await writeDiagnosticsBundle({ ...request, target, includeRows: true });
    const files = await unzip(target);
    const rowsFile = result.files.find((f) => f.startsWith('rows/'));
    expect(rowsFile).toBeDefined();
    for (const customer of CUSTOMERS) expect(files[rowsFile!]).toContain(customer);
    expect(files[rowsFile!]).toContain(PHONES[2]);
    const all = Object.values(files).join('\n');
    for (const form of secretForms(TOKEN)) expect(all).not.toContain(form);
  });
});
