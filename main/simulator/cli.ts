#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.js';
import type { ResultMode, SimulatorOptions } from './options.js';
import { SANDBOX_TOKEN } from './sandbox.js';

/**
 * Runs the Wasp simulator as a process: `node dist/main/simulator/cli.js --port 8787`.
 * Used by the E2E harness and by people who want to try the CLI against a Sandbox.
 */
const HELP = `Usage: node dist/main/simulator/cli.js [options]
  --port N            port on 127.0.0.1 (default 8787; 0 picks a free one)
  --host H            loopback address to listen on (default 127.0.0.1)
  --latency MS        delay before each answer (default 0)
  --mode M            per-record | failures-with-key | failures-without-key
  --customers A,B     only these customer numbers exist (default: any)
  --types A,B         phone types that exist (default: Office,Mobile,Home,Fax,Work)
  --token T           accepted token (repeatable; default ${SANDBOX_TOKEN})
  --rate-limit N/MS   answer 429 beyond N calls per MS milliseconds
`;

const MODES: readonly ResultMode[] = ['per-record', 'failures-with-key', 'failures-without-key'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string' },
    mode: { type: 'string' },
    customers: { type: 'string' },
    types: { type: 'string' },
    token: { type: 'string', multiple: true },
    'rate-limit': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

if (values.help === true) {
  process.stdout.write(HELP);
  process.exit(0);
}

const options: Partial<SimulatorOptions> = { host: values.host, port: Number(values.port) };
if (!Number.isInteger(options.port) || options.port! < 0 || options.port! > 65_535)
  fail('--port must be a number from 0 to 65535.');
if (values.latency !== undefined) options.latencyMs = Number(values.latency);
if (values.mode !== undefined) {
  if (!MODES.includes(values.mode as ResultMode)) fail(`--mode must be one of ${MODES.join(', ')}.`);
  options.resultMode = values.mode as ResultMode;
}
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
if (values.customers !== undefined) options.customers = list(values.customers);
if (values.types !== undefined) options.phoneTypes = list(values.types);
if (values.token !== undefined) options.tokens = values.token;
if (values['rate-limit'] !== undefined) {
  const m = /^(\d+)\/(\d+)$/.exec(values['rate-limit']);
  if (m === null) fail('--rate-limit must look like 10/1000 (calls per milliseconds).');
  options.rateLimit = {
    maxCalls: Number(m[1]),
    windowMs: Number(m[2]),
    resetSeconds: Math.max(1, Math.ceil(Number(m[2]) / 1000)),
  };
}

try {
  const sim = await startSimulator(options);
  process.stdout.write(
    `Wasp simulator listening on ${sim.url} (token: ${(options.tokens ?? [SANDBOX_TOKEN]).join(', ')})\n`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  fail(`Could not start the simulator: ${e instanceof Error ? e.message : String(e)}`);
}
