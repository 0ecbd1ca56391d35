/**
 * Sending benchmark (not a test): `npm run bench:send`.
 *
 * 100,000 records go through the in-process simulator (latency 0) twice per round: once through the
 * full engine (JobService: job written and fsync'd first, batches of 500, pacing 0, journal fsync
 * per batch) and once through a bare loop of fetch calls posting the same 200 batches. After one
 * untimed round of each, rounds alternate which side runs first, so that neither always runs on a
 * warmer process or after the other's garbage; the best time of each side is compared. The last line
 * printed is `ratio R` (engine / bare, two decimals); the target is ≤ 1.15.
 *
 * Best of 9: on this shared 2-core machine the same side's rounds within one run spread from 0.51 to
 * 0.77 s (its CPU time spreads as much, so it is the machine, not the code), and best of 5 printed
 * ratios from 0.85 to 1.36 for unchanged code; best of 9 printed 0.95 to 1.07 in five runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobService, type NewJobRow } from '../../main/jobs/job-service.js';
import { startSimulator } from '../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../main/simulator/sandbox.js';
import type { PhoneRecord } from '../../shared/domain/phone-record.js';

const RECORDS = 100_000;
const BATCH = 500;
const ROUNDS = Number(process.env.SEND_BENCH_ROUNDS ?? 9);
const TYPES = ['Office', 'Mobile', 'Home', 'Fax', 'Work'];

const records: PhoneRecord[] = Array.from({ length: RECORDS }, (_, i) => ({
  CustomerNumber: `C${1000 + Math.floor(i / TYPES.length)}`,
  PhoneNumber: `+1 555 ${String(i % 10_000).padStart(4, '0')}`,
  PhoneExtension: i % 7 === 0 ? String(i % 1000) : '',
  PhoneTypeName: TYPES[i % TYPES.length]!,
}));
const batches: PhoneRecord[][] = [];
for (let i = 0; i < RECORDS; i += BATCH) batches.push(records.slice(i, i + BATCH));
const rows: NewJobRow[] = records.map((record, i) => ({
  row: i + 2,
  cells: [record.CustomerNumber, record.PhoneNumber, record.PhoneExtension, record.PhoneTypeName],
  record,
}));
const mapping = {
  CustomerNumber: { kind: 'column', column: 'Customer' },
  PhoneNumber: { kind: 'column', column: 'Phone' },
  PhoneExtension: { kind: 'column', column: 'Ext' },
  PhoneTypeName: { kind: 'column', column: 'Type' },
} as const;

const sim = await startSimulator({ latencyMs: 0 });
const url = `${sim.url}/public-api/phones/customer/save`;

/** What a minimal client would do: post each batch, read and parse the answer, check it. */
async function bareLoop(list: PhoneRecord[][]): Promise<number> {
  const started = performance.now();
  for (const batch of list) {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${SANDBOX_TOKEN}`,
        'Content-Type': 'application/json',
        'User-Agent': 'bench/1',
      },
      body: JSON.stringify(batch.map((r) => ({ ...r, CustomerNo: r.CustomerNumber, FormId: 0 }))),
    });
    const body = JSON.parse(await res.text()) as { HasError?: boolean };
    if (res.status !== 200 || body.HasError !== false) throw new Error(`bare loop: unexpected answer ${res.status}`);
  }
  return performance.now() - started;
}

async function engine(list: NewJobRow[]): Promise<{ total: number; create: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wasp-send-bench-'));
  try {
    const opened = await JobService.open({
      dataDir,
      getToken: async () => SANDBOX_TOKEN,
      version: 'bench',
      owner: 'bench',
      send: { batchSize: BATCH, pacingMs: 0, concurrency: 1 },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const service = opened.value;
    const started = performance.now();
    const created = await service.createJob({
      name: 'bench',
      site: sim.url,
      mapping,
      headers: ['Customer', 'Phone', 'Ext', 'Type'],
      rows: list,
    });
    if (!created.ok) throw new Error(created.error.message);
    const create = performance.now() - started;
    await service.whenSettled(created.value.id);
    const total = performance.now() - started;
    const [summary] = service.listJobs();
    if (summary?.state !== 'done' || summary.counts.saved !== list.length)
      throw new Error(`engine: job ended ${summary?.state} with ${summary?.counts.saved} saved`);
    await service.close();
    return { total, create };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
console.log(
  `send-bench: ${RECORDS.toLocaleString('en')} records in ${batches.length} batches of ${BATCH}; simulator latency 0 ms; pacing 0 ms; journal fsync per batch; ${ROUNDS} rounds; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

/** The engine's run, checked: every record saved in the simulator, which is emptied for the next run. */
async function engineRun(): Promise<{ total: number; create: number }> {
  const eng = await engine(rows);
  if (sim.savedCount() !== RECORDS) throw new Error(`simulator holds ${sim.savedCount()} phones, expected ${RECORDS}`);
  sim.reset();
  return eng;
}

async function bareRun(): Promise<number> {
  const bare = await bareLoop(batches);
  sim.reset();
  return bare;
}

// A whole untimed round of each first: with only a few batches of warm-up, the first timed rounds
// of both sides still ran partly unoptimised (the fetch client, the simulator, the job writer at
// 100,000 rows) and were the slowest of the run.
await bareRun();
await engineRun();

let bestBare = Infinity;
let bestEngine = { total: Infinity, create: 0 };
for (let round = 1; round <= ROUNDS; round++) {
  // Alternating: each side runs first in every other round, right after the other side's garbage.
  let bare: number;
  let eng: { total: number; create: number };
  if (round % 2 === 0) {
    eng = await engineRun();
    bare = await bareRun();
  } else {
    bare = await bareRun();
    eng = await engineRun();
  }
  console.log(
    `round ${round}: bare fetch loop ${s(bare)} s; engine ${s(eng.total)} s (of which creating the job on disk ${s(eng.create)} s)`,
  );
  bestBare = Math.min(bestBare, bare);
  if (eng.total < bestEngine.total) bestEngine = eng;
}
await sim.close();

console.log(`bare fetch loop: ${s(bestBare)} s (best of ${ROUNDS})`);
console.log(`engine:          ${s(bestEngine.total)} s (best of ${ROUNDS}; job creation ${s(bestEngine.create)} s)`);
console.log(`ratio ${(bestEngine.total / bestBare).toFixed(2)}`);
