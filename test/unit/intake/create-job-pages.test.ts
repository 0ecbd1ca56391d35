import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openCoreWithIpc, windowInvoke, type CoreWithIpc } from '../../support/core-with-ipc.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../../main/simulator/sandbox.js';
import { INVOKE_NAMES } from '../../../shared/ipc/channels.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';
import type { JobCounts } from '../../../shared/domain/job.js';
import { createJobInPages } from '../../../renderer/src/lib/create-job.js';
import { FAST, HEADERS, MAPPING, record, tempDir } from '../../support/sending-fixtures.js';

let sim: Simulator;
let dir: Awaited<ReturnType<typeof tempDir>>;
let app: CoreWithIpc;
const calls: Array<{ name: string; chars: number }> = [];

/** The renderer's view of main: every call goes through the real dispatcher (sender and schema checks). */
function bridge(): WaspBridge {
  const invoke = windowInvoke(app);
  const out: Record<string, unknown> = {};
  for (const name of INVOKE_NAMES) {
    out[name] = (payload: unknown) => {
      calls.push({ name, chars: JSON.stringify(payload ?? null).length });
      return invoke(name, payload);
    };
  }
  return out as unknown as WaspBridge;
}

beforeEach(async () => {
  calls.length = 0;
  sim = await startSimulator();
  dir = await tempDir('wasp-create-pages-');
  app = await openCoreWithIpc({
    dataDir: dir.path,
    credentials: new MemoryCredentialStore(),
    sandbox: false,
    send: FAST,
  });
  await app.connections.saveToken(sim.url, SANDBOX_TOKEN);
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await dir.remove();
});

const draftRows = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const r = record(`C${100_000 + i}`);
    return {
      row: i + 2,
      cells: [r.CustomerNumber, r.PhoneNumber, r.PhoneExtension, r.PhoneTypeName],
      record: r,
      excluded: i === 0,
    };
  });

/**
 * The committed job's counts: the first row excluded, every other row still pending or answered.
 * The job may already be sending when its summary is read (the folder watcher can take it up first
 * and start it), so a batch may be answered by then.
 */
function expectAccounted(c: JobCounts, total: number): void {
  expect(c).toMatchObject({ total, skipped: 1, invalid: 0, failed: 0 });
  expect(c.pending + c.saved).toBe(total - 1);
}

describe("the renderer's paged job creation against main", () => {
  it('sends 30,000 rows as pages of at most 5,000, then commits; the job runs', async () => {
    const progress: number[] = [];
    const r = await createJobInPages(
      bridge(),
      { name: 'Paged', site: sim.url, mapping: MAPPING, headers: HEADERS, rows: draftRows(30_000) },
      { onProgress: (n) => progress.push(n), pageChars: 10_000_000 },
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(calls.map((c) => c.name)).toEqual(['beginJob', ...Array<string>(6).fill('addJobRows'), 'commitJob']);
    expect(progress).toEqual([5_000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    // No single message is large: the biggest is one page of 5,000 rows, about 1 MB as JSON.
    expect(Math.max(...calls.map((c) => c.chars))).toBeLessThan(2_000_000);
    expectAccounted(r.value.counts, 30_000);
    await app.jobs.whenSettled(r.value.id);
    expect(sim.savedCount()).toBe(29_999);
  });

  // The finding: a page of 5,000 rows (about 850,000 characters) was one task of 40-80 ms in the
  // window (encoding it and the bridge's copy of it) on a busy machine. Pages now end by their length.
  it('ends each page once its text reaches the page size, every row sent once and in order', async () => {
    const rows = draftRows(12_000);
    const pages: string[] = [];
    const paged = bridge();
    const r = await createJobInPages(
      {
        ...paged,
        addJobRows: (request) => {
          pages.push(request.rows);
          return paged.addJobRows(request);
        },
      },
      { name: 'By size', site: sim.url, mapping: MAPPING, headers: HEADERS, rows },
    );
    if (!r.ok) throw new Error(r.error.message);
    const sent = pages.map((p) => JSON.parse(p) as Array<{ row: number }>);
    expect(sent.flat().map((x) => x.row)).toEqual(rows.map((x) => x.row));
    expect(pages.length).toBeGreaterThan(6);
    // Each page stops at the first row that takes it to 256 KiB: never more than one row beyond it.
    const longestRow = Math.max(...rows.map((x) => JSON.stringify(x).length));
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(256 * 1024 + longestRow + 1);
    expectAccounted(r.value.counts, 12_000);
  });

  it('a refused page leaves no draft and queues nothing', async () => {
    const rows = draftRows(12_000);
    rows[7_000] = { ...rows[7_000]!, record: { ...rows[7_000]!.record, PhoneNumber: 'x'.repeat(300) } };
    const r = await createJobInPages(bridge(), {
      name: 'Bad',
      site: sim.url,
      mapping: MAPPING,
      headers: HEADERS,
      rows,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Row 7,001 of the job cannot be stored/);
    expect(calls.filter((c) => c.name === 'commitJob')).toHaveLength(0);
    expect(app.jobs.listJobs()).toHaveLength(0);
    expect(await readdir(join(dir.path, 'jobs'))).toEqual([]);
  });
});
