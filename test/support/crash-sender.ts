/**
 * The sender half of the crash test, run as a child process so it can be SIGKILLed at any moment.
 * Usage: node crash-sender.js <dataDir> <site> <token> <rowsFile> <optionsJson>
 * Creates the job from rowsFile if the data folder has none yet (a kill during creation must leave
 * either a whole job or nothing), then sends every unfinished job and exits 0 when all are settled.
 */
import { readFile } from 'node:fs/promises';
import { JobService, type NewJob } from '../../main/jobs/job-service.js';
import type { SendOptions } from '../../main/sending/types.js';

const [dataDir, site, token, rowsFile, optionsJson] = process.argv.slice(2);
if (dataDir === undefined || site === undefined || token === undefined || rowsFile === undefined) {
  process.stderr.write('usage: crash-sender <dataDir> <site> <token> <rowsFile> [optionsJson]\n');
  process.exit(2);
}
const send = (optionsJson === undefined ? {} : JSON.parse(optionsJson)) as Partial<SendOptions>;

const opened = await JobService.open({
  dataDir,
  getToken: async () => token,
  version: 'crash-test',
  owner: 'cli',
  autoStart: true,
  send,
  timeoutMs: 5_000,
});
if (!opened.ok) {
  process.stderr.write(`${opened.error.message}\n`);
  process.exit(3);
}
const service = opened.value;
if (service.listJobs().length === 0) {
  const job = JSON.parse(await readFile(rowsFile, 'utf8')) as NewJob;
  const created = await service.createJob(job);
  if (!created.ok) {
    process.stderr.write(`${created.error.message}\n`);
    process.exit(4);
  }
  process.stdout.write(`created ${created.value.id}\n`);
}
service.onProgress((p) =>
  process.stdout.write(`progress ${p.state} ${p.counts.saved}+${p.counts.failed}/${p.counts.total}\n`),
);
await service.whenSettled();
const states = service.listJobs().map((j) => j.state);
await service.close();
process.stdout.write(`settled ${states.join(',')}\n`);
process.exit(states.every((s) => s === 'done') ? 0 : 5);
