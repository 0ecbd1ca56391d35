import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './exit-codes.js';
import { MAX_PARALLEL } from '../sending/types.js';

export const COMMANDS = ['import', 'jobs', 'resume', 'login', 'logout', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  sheet: { type: 'string' },
  'header-row': { type: 'string' },
  map: { type: 'string', multiple: true },
  constant: { type: 'string', multiple: true },
  mapping: { type: 'string' },
  site: { type: 'string' },
  sandbox: { type: 'boolean' },
  'batch-size': { type: 'string' },
  'max-parallel': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'queue-only': { type: 'boolean' },
  report: { type: 'string' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

export interface CliArgs {
  command: Command;
  positionals: string[];
  sheet?: string;
  headerRow?: number;
  maps: string[];
  constants: string[];
  mappingFile?: string;
  site?: string;
  sandbox: boolean;
  batchSize?: number;
  /** Most Wasp calls in flight (adaptive up to this); 1 sends strictly one at a time. */
  maxParallel?: number;
  dryRun: boolean;
  queueOnly: boolean;
  report?: string;
  json: boolean;
  dataDir?: string;
  debug: boolean;
  help: boolean;
  version: boolean;
}

function positiveInt(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw usageError(`--${name} must be a whole number from 1 to ${max} (got "${raw}").`);
  return n;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // node:util's messages name the option; keep them, minus the error code prefix.
    throw usageError(`${(e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')}. See wasp-phones --help.`);
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  const command = (first ?? 'help') as Command;
  if (!COMMANDS.includes(command))
    throw usageError(
      `Unknown command "${first}". Commands: import, jobs, resume, login, logout. See wasp-phones --help.`,
    );
  if (v.site !== undefined && v.sandbox === true) throw usageError('Use either --site or --sandbox, not both.');
  if (v['dry-run'] === true && v['queue-only'] === true)
    throw usageError('Use either --dry-run or --queue-only, not both.');
  const args: CliArgs = {
    command,
    positionals: rest,
    maps: v.map ?? [],
    constants: v.constant ?? [],
    sandbox: v.sandbox === true,
    dryRun: v['dry-run'] === true,
    queueOnly: v['queue-only'] === true,
    json: v.json === true,
    debug: v.debug === true,
    help: v.help === true,
    version: v.version === true,
  };
  if (v.sheet !== undefined) args.sheet = v.sheet;
  const headerRow = positiveInt('header-row', v['header-row'], 1_000_000);
  if (headerRow !== undefined) args.headerRow = headerRow;
  const batchSize = positiveInt('batch-size', v['batch-size'], 500);
  if (batchSize !== undefined) args.batchSize = batchSize;
  const maxParallel = positiveInt('max-parallel', v['max-parallel'], MAX_PARALLEL);
  if (maxParallel !== undefined) args.maxParallel = maxParallel;
  if (v.mapping !== undefined) args.mappingFile = v.mapping;
  if (v.site !== undefined) args.site = v.site;
  if (v.report !== undefined) {
    if (!/\.(xlsx|csv)$/i.test(v.report))
      throw usageError(`--report must name a .xlsx or .csv file (got "${v.report}").`);
    args.report = v.report;
  }
  if (v['data-dir'] !== undefined) args.dataDir = v['data-dir'];
  return args;
}

export const HELP = `wasp-phones — send customers' phone numbers from a spreadsheet to Wasp InventoryCloud

Usage:
  wasp-phones import FILE [options]     read, check and send a sheet (.xlsx .xlsm .xls .ods .csv .txt)
  wasp-phones jobs [--json]             list queued and past jobs
  wasp-phones resume [JOB_ID] [--site URL] [--json]
                                        send every unfinished job, or the one named; --site: only that site's
  wasp-phones login --site URL          store the API token (read from standard input) in the keychain
  wasp-phones logout --site URL         remove the stored token

Import options:
  --sheet NAME|N            sheet by name or 1-based number (default: the first that matches Wasp's fields)
  --header-row N            the sheet row holding the column names (default: detected in the first 20 rows)
  --map FIELD=COLUMN        map a field to a column header (case-insensitive) or letter; repeatable
  --constant FIELD=VALUE    give every row the same value for a field; repeatable
  --mapping FILE.json       a mapping exported from the app
  --site URL | --sandbox    where to send (default: the app's default site); --sandbox uses the local simulator
  --batch-size N            records per call, 1..500 (default 500)
  --max-parallel N          most calls to Wasp at once, 1..4 (default 4): starts with one and adds
                            more only while Wasp answers fast and does not ask to slow down; 1 = one at a time
  --dry-run                 parse, map, validate and report; send and queue nothing
  --queue-only              queue the job without sending
  --report FILE.xlsx|.csv   write every row's outcome (Row, original columns, Status, Message)
  --json                    print a JSON summary as the last line of standard output
  --data-dir DIR            the folder of jobs (default: the app's data folder; or WASP_PHONES_DATA)
  --debug                   print stack traces

FIELD is one of CustomerNumber, PhoneNumber, PhoneExtension, PhoneTypeName.

Tokens: WASP_TOKEN belongs to one site and is never sent to another. 'import' uses it for the site it
sends to. 'resume' uses it for --site URL (which also limits the resume to that site's jobs), or,
without --site, for the one site all unfinished jobs belong to. When unfinished jobs belong to several
sites and --site is not given, WASP_TOKEN is not used: each site's keychain token is (the app's, or
'wasp-phones login'), those jobs are sent, and the command ends with exit 3 naming every site that has
no token (their jobs stay queued).

Other senders: while the app or another wasp-phones run is sending from the same data folder, 'import'
queues its job there and waits: the app takes it up and sends it, or, once the folder is free, this
command sends it itself; either way it prints its own job's progress, report and --json, and exits with
its own job's code. 'resume' waits the same way. A sender that crashed or was killed is recognised as
gone by itself. 'jobs' and --dry-run never wait.

Exit codes: 0 all saved · 1 finished with invalid, skipped or failed rows · 2 usage error or unreadable
input (nothing queued) · 3 token missing, rejected or lacking permission · 4 server unreachable (no
network, retries exhausted, or an address that does not lead to Wasp: a name that does not exist, a
failing certificate, a server that is not Wasp) · 130 interrupted (codes 3, 4 and 130 keep the job:
run 'wasp-phones resume').
`;
