import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * Whether one import's end throws away the compiled code of the next: V8 deoptimises code built on a
 * hidden class once no object has that class any more (kept-shapes.ts). Only V8's own trace can see
 * this, so the check and the sheet builder run in a child Node with --trace-opt and --trace-deopt
 * (flags of Node's V8: `node --v8-options`), and the test reads what it printed. Without the kept
 * shapes, eight imports of 20,000 rows printed "reason: weak objects" for add, pick, mapRow,
 * markDuplicates, checkRange and verdictOf.
 */

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(root, 'dist/.shapes-test/test/support/repeated-checks.js');
const IMPORTS = 8;

/** The shared code an import runs for every row: none of it may lose its compiled code between imports. */
const HOT_FUNCTIONS = [
  'add',
  'pick',
  'mapRow',
  'checkRecord',
  'checkType',
  'checkRange',
  'markDuplicates',
  'verdictOf',
  'judgeSheetRows',
];

let trace = '';

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await execFileAsync(process.execPath, [tsc, '-p', join(root, 'test/support/tsconfig.shapes.json')], { cwd: root });
  const run = await execFileAsync(
    process.execPath,
    ['--expose-gc', '--trace-opt', '--trace-deopt', script, '20000', String(IMPORTS)],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  trace = run.stdout;
}, 120_000);

describe('compiled code kept from one import to the next', () => {
  it('ran every import, and V8 compiled the hot code (so the trace can show it being thrown away)', () => {
    expect(trace.match(/^import \d+: 20000 rows judged$/gm)).toHaveLength(IMPORTS);
    for (const name of ['add', 'mapRow', 'checkRecord'])
      expect(trace, name).toMatch(new RegExp(`completed optimizing .*<JSFunction ${name} `));
  });

  it('throws none of it away when an import’s objects are collected', () => {
    const thrownAway = [...trace.matchAll(/marking dependent code .*<SharedFunctionInfo (\w+)>.*reason: weak objects/g)]
      .map((m) => m[1] as string)
      .filter((name) => HOT_FUNCTIONS.includes(name));
    expect(thrownAway).toEqual([]);
  });
});
