/**
 * Throughput benchmark (not a test): `npm run bench:throughput`.
 *
 * 50,000 records go through the real job queue (default send options: adaptive, starting with one
 * call and the 300 ms gap, up to 4 in flight) to the simulator set to answer every call after
 * 1,000 ms and to allow at most 3 calls a second (429 with `wasp-overloadprotection-reset` beyond
 * that). The ceiling is what that server allows at best: 3 calls × 500 records per second.
 * The last line is `ratio R` = achieved / ceiling; the target is ≥ 0.8 with 429s under 5 % of calls.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobService } from '../../main/jobs/job-service.js';
import { startSimulator } from '../../main/simulator/simulator.js';
import { SANDBOX_TOKEN } from '../../main/simulator/sandbox.js';
import { HEADERS, MAPPING, rows } from '../support/sending-fixtures.js';

const RECORDS = Number(process.env['THROUGHPUT_RECORDS'] ?? 50_000);
const LATENCY_MS = 1_000;
const CALLS_PER_SECOND = 3;
const BATCH = 500;

const sim = await startSimulator({
  latencyMs: LATENCY_MS,
  rateLimit: { maxCalls: CALLS_PER_SECOND, windowMs: 1_000, resetSeconds: 1 },
});
const dataDir = await mkdtemp(join(tmpdir(), 'wasp-throughput-'));
try {
  const opened = await JobService.open({
    dataDir,
    getToken: async () => SANDBOX_TOKEN,
    version: 'bench',
    owner: 'bench',
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const service = opened.value;
  console.log(
    `throughput-bench: ${RECORDS.toLocaleString('en')} records, simulator ${LATENCY_MS} ms per call, at most ${CALLS_PER_SECOND} calls a second; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const started = performance.now();
  const created = await service.createJob({
    name: 'throughput',
    site: sim.url,
    mapping: MAPPING,
    headers: HEADERS,
    rows: rows(RECORDS),
  });
  if (!created.ok) throw new Error(created.error.message);
  await service.whenSettled(created.value.id);
  const seconds = (performance.now() - started) / 1000;
  const summary = service.listJobs()[0];
  await service.close();
  if (summary?.counts.saved !== RECORDS)
    throw new Error(`job ended ${summary?.state} with ${summary?.counts.saved} saved`);
  const log = sim.inspect().log;
  const limited = log.filter((c) => c.outcome === 429).length;
  const achieved = RECORDS / seconds;
  const ceiling = CALLS_PER_SECOND * BATCH;
  console.log(`sent in ${seconds.toFixed(1)} s over ${log.length} calls`);
  console.log(`achieved: ${achieved.toFixed(0)} records/s`);
  console.log(`ceiling: ${ceiling} records/s (${CALLS_PER_SECOND} × ${BATCH} per second)`);
  console.log(`429s: ${limited} of ${log.length} calls (${((100 * limited) / log.length).toFixed(1)} %)`);
  console.log(`ratio ${(achieved / ceiling).toFixed(2)}`);
} finally {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
}
