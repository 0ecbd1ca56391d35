import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCli, lastJson, runCli, startCli, type CliResult } from '../../support/cli-runner.js';
import { closedPort, listJobsViaCli, readReport, tempDir, waitFor, writeSheet } from '../../support/cli-fixtures.js';
import { branchSheet } from '../../support/branch-sheet.js';
import { messyWorkbookBytes } from '../../support/messy-sheet.js';
import { startSimulator, type Simulator } from '../../../main/simulator/simulator.js';
import { createCore } from '../../../main/core/create-core.js';
import { SILENT_LOGGER } from '../../../main/logging/logger.js';
import { MemoryCredentialStore } from '../../../main/credentials/credential-store.js';
import { makeMappingFile, serialiseMappingFile } from '../../../shared/records/index.js';
import type { JsonSummary } from '../../../main/cli/json-summary.js';

const TOKEN = 'cli-test-token-1234';
const env = { WASP_TOKEN: TOKEN };

let root: string;
let messy: string;
const sims: Simulator[] = [];

async function sim(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator({ tokens: [TOKEN], ...options });
  sims.push(s);
  return s;
}

let dirs = 0;
const dataDir = () => join(root, `data-${++dirs}`);

async function plainSheet(n: number): Promise<string> {
  const path = join(root, `plain-${n}-${++dirs}.xlsx`);
  await writeFile(path, branchSheet(n, 0).bytes);
  return path;
}

function summaryOf(r: CliResult): JsonSummary {
  const s = lastJson<JsonSummary>(r.stdout);
  expect(s.total).toBe(s.saved + s.failed + s.invalid + s.skipped + s.pending);
  return s;
}

/** A usage error: exit 2, one readable line on stderr, no stack trace. */
function expectUsage(r: CliResult): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

beforeAll(async () => {
  await buildCli();
  root = await tempDir();
  messy = join(root, 'messy.xlsx');
  await writeFile(messy, messyWorkbookBytes());
  // A real workbook cut short, as a failed download or copy leaves it.
  const whole = branchSheet(3).bytes;
  await writeFile(join(root, 'corrupt.xlsx'), whole.subarray(0, Math.floor(whole.length / 2)));
}, 120_000);

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the server holds, as [customer, phone, type], sorted. */
function savedPhones(s: Simulator): string[][] {
  return s
    .inspect()
    .saved.map((p) => [p.customer, p.phone, p.type])
    .sort();
}

describe('wasp-phones import: outcomes and exit codes', () => {
  it('--help prints the usage and exits 0', async () => {
    const r = await runCli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wasp-phones import FILE');
    expect(r.stdout).toContain('--dry-run');
  });

  it('exits 0 when every row is saved, in several batches, and the --json counts add up', async () => {
    const s = await sim();
    const file = await plainSheet(5);
    const r = await runCli(
      ['import', file, '--site', s.url, '--batch-size', '2', '--json', '--data-dir', dataDir()],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = summaryOf(r);
    expect(j).toMatchObject({ total: 5, saved: 5, failed: 0, invalid: 0, skipped: 0, pending: 0, batches: 3 });
    expect(j.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.savedCount()).toBe(5);
    expect(s.inspect().recordCalls).toBe(3);
  });

  it('exits 1 with invalid, skipped and failed rows; the .xlsx report has every row in sheet order, text cells only', async () => {
    const s = await sim();
    const report = join(root, 'messy-report.xlsx');
    const r = await runCli(
      ['import', messy, '--site', s.url, '--batch-size', '2', '--json', '--report', report, '--data-dir', dataDir()],
      env,
    );
    expect(r.code, r.stderr).toBe(1);
    // Row 7 has no phone (invalid), row 10 repeats row 5 (skipped), row 9's type "Pager" is unknown to Wasp (failed).
    expect(summaryOf(r)).toMatchObject({ total: 6, saved: 3, failed: 1, invalid: 1, skipped: 1, pending: 0 });
    expect(r.stderr).toMatch(/row 7: not sent: Phone number is empty/);
    expect(
      s
        .inspect()
        .saved.map((p) => p.customer)
        .sort(),
    ).toEqual(['C1001', 'C1002', 'C1005']);

    const { rows, cells } = readReport(await readFile(report));
    expect(rows[0]).toEqual([
      'Row',
      'Cust #',
      'Company',
      'Telephone',
      'Ext.',
      'Phone Type',
      'Status',
      'Message',
      'What it means',
    ]);
    expect(rows.slice(1).map((x) => [x[0], x[6]])).toEqual([
      ['5', 'saved'],
      ['6', 'saved'],
      ['7', 'invalid'],
      ['9', 'failed'],
      ['10', 'skipped'],
      ['11', 'saved'],
    ]);
    // The original cells as displayed, not the record as sent.
    expect(rows[2]![3]).toBe('555-222-3333 x204');
    expect(rows[3]![7]).toMatch(/Phone number is empty/);
    expect(rows[4]![7]).toMatch(/Pager/);
    expect(rows[5]![7]).toMatch(/row 5/);
    expect(cells.every((c) => c.t === 's' && c.f === undefined)).toBe(true);
  });

  it('the .csv report neutralises formula-looking cells', async () => {
    const s = await sim();
    const file = await writeSheet(root, 'formulas.xlsx', {
      Phones: [
        ['Customer Number', 'Company', 'Phone', 'Phone Type'],
        ['C1', '=HYPERLINK("http://x","y")', '+1 555 010 0001', 'Office'],
        ['C2', '@SUM(A1)', '555-010-0002', 'Office'],
        ['C3', '-2+3', '555-010-0003', 'Nope'],
      ],
    });
    const report = join(root, 'formulas.csv');
    const r = await runCli(['import', file, '--site', s.url, '--report', report, '--data-dir', dataDir()], env);
    expect(r.code, r.stderr).toBe(1);
    const text = await readFile(report, 'utf8');
    const { rows } = readReport(text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      'Row',
      'Customer Number',
      'Company',
      'Phone',
      'Phone Type',
      'Status',
      'Message',
      'What it means',
    ]);
    expect(rows.slice(1).map((x) => [x[0], x[2], x[3], x[5]])).toEqual([
      ['2', `'=HYPERLINK("http://x","y")`, `'+1 555 010 0001`, 'saved'],
      ['3', `'@SUM(A1)`, '555-010-0002', 'saved'],
      ['4', `'-2+3`, '555-010-0003', 'failed'],
    ]);
  });

  it('exits 3 on a rejected token and keeps the job; resume with the right token exits 0', async () => {
    const s = await sim();
    const dir = dataDir();
    const file = await plainSheet(4);
    const r = await runCli(['import', file, '--site', s.url, '--json', '--data-dir', dir], {
      WASP_TOKEN: 'wrong-token-5678',
    });
    expect(r.code, r.stderr).toBe(3);
    expect(summaryOf(r)).toMatchObject({ total: 4, saved: 0, pending: 4 });
    expect(r.stderr).toMatch(/wasp-phones: .*resume/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [job] = await listJobsViaCli(dir);
    expect(job).toMatchObject({ state: 'auth', counts: { pending: 4 } });

    const again = await runCli(['resume', '--site', s.url, '--json', '--data-dir', dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again)).toMatchObject({ jobId: job!.id, saved: 4, pending: 0 });
    expect(s.savedCount()).toBe(4);
  });

  it('exits 4 when the site is unreachable with every row pending; resume with the server up exits 0', async () => {
    const port = await closedPort();
    const dir = dataDir();
    const file = await plainSheet(3);
    const r = await runCli(['import', file, '--site', `http://127.0.0.1:${port}`, '--json', '--data-dir', dir], env);
    expect(r.code, r.stderr).toBe(4);
    expect(summaryOf(r)).toMatchObject({ total: 3, saved: 0, failed: 0, pending: 3 });
    expect(r.stderr).toMatch(/resume/);
    expect((await listJobsViaCli(dir))[0]!.counts.pending).toBe(3);

    const s = await sim({ port });
    const again = await runCli(['resume', '--site', s.url, '--json', '--data-dir', dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again)).toMatchObject({ saved: 3, pending: 0 });
    expect(s.savedCount()).toBe(3);
  });

  it('exits 130 on SIGINT mid-send, keeps the job, and resume saves every row at most twice', async () => {
    const s = await sim({ latencyMs: 400 });
    const dir = dataDir();
    const file = await plainSheet(8);
    const run = startCli(['import', file, '--site', s.url, '--batch-size', '2', '--json', '--data-dir', dir], env);
    await waitFor(() => s.inspect().recordCalls >= 2, 15_000, 'the second batch');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    const cut = summaryOf(r);
    expect(cut.pending).toBeGreaterThan(0);
    expect(cut.saved).toBeLessThan(8);
    expect(r.stderr).toMatch(/Interrupted.*resume/);

    const again = await runCli(['resume', '--site', s.url, '--json', '--data-dir', dir], env);
    expect(again.code, again.stderr).toBe(0);
    const j = summaryOf(again);
    expect(j).toMatchObject({ jobId: cut.jobId, total: 8, saved: 8, pending: 0 });
    expect(s.savedCount()).toBe(8);
    expect(Math.max(...s.inspect().saved.map((p) => p.writes))).toBeLessThanOrEqual(2);
  });

  it('SIGKILL mid-import loses nothing: resume saves every row', async () => {
    const s = await sim({ latencyMs: 300 });
    const dir = dataDir();
    const file = await plainSheet(6);
    const run = startCli(['import', file, '--site', s.url, '--batch-size', '2', '--data-dir', dir], env);
    await waitFor(() => s.inspect().recordCalls >= 1, 15_000, 'the first batch');
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const [kept] = await listJobsViaCli(dir);
    expect(kept!.counts.total).toBe(6);
    expect(kept!.counts.pending).toBeGreaterThan(0);

    const again = await runCli(['resume', kept!.id.slice(0, 8), '--site', s.url, '--json', '--data-dir', dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again)).toMatchObject({ jobId: kept!.id, total: 6, saved: 6, failed: 0, pending: 0 });
    expect(s.savedCount()).toBe(6);
    expect((await listJobsViaCli(dir))[0]).toMatchObject({ state: 'done', counts: { saved: 6, pending: 0 } });
  });
});

describe('wasp-phones import: usage errors queue nothing', () => {
  it.each([
    ['an unknown option', (f: string) => ['import', f, '--frobnicate'], /--frobnicate/],
    [
      'an unknown FIELD',
      (f: string) => ['import', f, '--map', 'Phone=C'],
      /"Phone" is not a field; FIELD is one of CustomerNumber, PhoneNumber, PhoneExtension, PhoneTypeName/,
    ],
    [
      'a column that is not there',
      (f: string) => ['import', f, '--map', 'PhoneNumber=Mobile'],
      /no column "Mobile".*A "Cust #", B "Company", C "Telephone"/,
    ],
    [
      'a blank --header-row',
      (f: string) => ['import', f, '--header-row', '3'],
      /row 3 of sheet "Customers" .* is blank/,
    ],
    [
      'a missing sheet',
      (f: string) => ['import', f, '--sheet', 'Archive'],
      /no such sheet; its sheets are 1 "Notes", 2 "Customers"/,
    ],
    ['a missing file', () => ['import', join(root, 'nowhere.xlsx')], /nowhere\.xlsx" was not found/],
    ['a corrupt file', () => ['import', join(root, 'corrupt.xlsx')], /corrupt\.xlsx" is damaged/],
    ['a bad --site', (f: string) => ['import', f, '--site', 'ftp://example.com'], /--site ftp:\/\/example\.com/],
  ])('%s → 2, one line, nothing queued or sent', async (_what, argv, message) => {
    const s = await sim();
    const dir = dataDir();
    const args = argv(messy);
    const r = await runCli([...args, ...(args.includes('--site') ? [] : ['--site', s.url]), '--data-dir', dir], env);
    expect(expectUsage(r)).toMatch(message);
    expect(await listJobsViaCli(dir)).toEqual([]);
    expect(s.inspect().calls).toBe(0);
  });

  it('a required field that cannot be matched names the field and the headers found', async () => {
    const s = await sim();
    const dir = dataDir();
    const file = await writeSheet(root, 'no-type.xlsx', {
      Sheet1: [
        ['Customer Number', 'Phone', 'Notes'],
        ['C1', '555-0100', 'x'],
      ],
    });
    const r = await runCli(['import', file, '--site', s.url, '--data-dir', dir], env);
    const line = expectUsage(r);
    expect(line).toContain('PhoneTypeName could not be matched');
    expect(line).toContain('A "Customer Number", B "Phone", C "Notes"');
    expect(line).toContain('--constant PhoneTypeName=VALUE');
    expect(await listJobsViaCli(dir)).toEqual([]);
  });
});

describe('wasp-phones import: dry run, mapping options', () => {
  it("--dry-run sends and queues nothing and reports the preview with main's words", async () => {
    const s = await sim();
    const dir = dataDir();
    const report = join(root, 'dry.csv');
    const r = await runCli(
      ['import', messy, '--dry-run', '--site', s.url, '--json', '--report', report, '--data-dir', dir],
      env,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(summaryOf(r)).toEqual({
      jobId: null,
      total: 6,
      saved: 0,
      failed: 0,
      invalid: 1,
      skipped: 1,
      pending: 4,
      batches: 0,
    });
    expect(s.inspect().calls).toBe(0);
    expect(await listJobsViaCli(dir)).toEqual([]);
    const { rows } = readReport((await readFile(report, 'utf8')).replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map((x) => [x[0], x[6]])).toEqual([
      ['5', 'pending'],
      ['6', 'pending'],
      ['7', 'invalid'],
      ['9', 'pending'],
      ['10', 'skipped'],
      ['11', 'pending'],
    ]);
    expect(rows[3]![7]).toBe('Phone number is empty. Fill in the phone number, or exclude the row.');
    expect(rows[5]![7]).toMatch(/^Same customer, phone number, extension and type as row 5/);

    const clean = await runCli(['import', await plainSheet(2), '--dry-run', '--json', '--data-dir', dir], env);
    expect(clean.code, clean.stderr).toBe(0);
    expect(summaryOf(clean)).toMatchObject({ total: 2, pending: 2 });
  });

  it('--sheet by name or number and --header-row as Excel numbers rows', async () => {
    const dir = dataDir();
    for (const extra of [
      ['--sheet', 'CUSTOMERS'],
      ['--sheet', '2'],
      ['--sheet', 'customers', '--header-row', '4'],
    ]) {
      const r = await runCli(['import', messy, '--dry-run', '--json', '--data-dir', dir, ...extra], env);
      expect(r.code, r.stderr).toBe(1);
      expect(summaryOf(r)).toMatchObject({ total: 6, invalid: 1, skipped: 1, pending: 4 });
    }
    // Header on row 5 instead: row 5 becomes the header, so five rows remain below it.
    const shifted = await runCli(
      [
        'import',
        messy,
        '--dry-run',
        '--json',
        '--header-row',
        '5',
        '--map',
        'CustomerNumber=A',
        '--map',
        'PhoneNumber=C',
        '--constant',
        'PhoneTypeName=Office',
        '--data-dir',
        dir,
      ],
      env,
    );
    expect(shifted.code, shifted.stderr).toBe(1);
    expect(summaryOf(shifted).total).toBe(5);
  });

  it('--map by column letter and by header text, --constant PhoneTypeName=Office', async () => {
    const s = await sim();
    const file = await writeSheet(root, 'odd-headers.xlsx', {
      Export: [
        ['Ref', 'Company', 'Digits', 'Category'],
        ['R1', 'One', '555-010-1001', 'Mobile'],
        ['R2', 'Two', '555-010-1002', 'Home'],
      ],
    });
    const bare = await runCli(['import', file, '--site', s.url, '--data-dir', dataDir()], env);
    expect(expectUsage(bare)).toMatch(
      /CustomerNumber, PhoneNumber, PhoneTypeName could not be matched.*A "Ref", B "Company", C "Digits", D "Category"/,
    );

    const r = await runCli(
      [
        'import',
        file,
        '--site',
        s.url,
        '--map',
        'CustomerNumber=a',
        '--map',
        'phonenumber=DIGITS',
        '--constant',
        'PhoneTypeName=Office',
        '--json',
        '--data-dir',
        dataDir(),
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({ saved: 2 });
    expect(savedPhones(s)).toEqual([
      ['R1', '555-010-1001', 'Office'],
      ['R2', '555-010-1002', 'Office'],
    ]);
  });

  it("--mapping takes a file exported in the app's format; --map overrides one field of it", async () => {
    const s = await sim();
    const file = await writeSheet(root, 'odd-headers-2.xlsx', {
      Export: [
        ['Ref', 'Company', 'Digits', 'Category', 'Other'],
        ['R1', 'One', '555-010-1001', 'Mobile', '555-999-0001'],
        ['R2', 'Two', '555-010-1002', 'Home', '555-999-0002'],
      ],
    });
    const headers = ['Ref', 'Company', 'Digits', 'Category', 'Other'];
    const mappingPath = join(root, 'export-mapping.json');
    await writeFile(
      mappingPath,
      serialiseMappingFile(
        makeMappingFile(headers, {
          CustomerNumber: { kind: 'column', column: 'Ref' },
          PhoneNumber: { kind: 'column', column: 'Digits' },
          PhoneExtension: { kind: 'none' },
          PhoneTypeName: { kind: 'column', column: 'Category' },
        }),
      ),
    );
    const r = await runCli(
      ['import', file, '--site', s.url, '--mapping', mappingPath, '--json', '--data-dir', dataDir()],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(savedPhones(s)).toEqual([
      ['R1', '555-010-1001', 'Mobile'],
      ['R2', '555-010-1002', 'Home'],
    ]);

    const over = await runCli(
      [
        'import',
        file,
        '--site',
        s.url,
        '--mapping',
        mappingPath,
        '--map',
        'PhoneNumber=E',
        '--json',
        '--data-dir',
        dataDir(),
      ],
      env,
    );
    expect(over.code, over.stderr).toBe(0);
    expect(
      s
        .inspect()
        .saved.map((p) => p.phone)
        .sort(),
    ).toEqual(['555-999-0001', '555-999-0002']);

    const broken = join(root, 'broken-mapping.json');
    await writeFile(broken, '{"version":1,"mapping":{}}');
    expect(
      expectUsage(await runCli(['import', file, '--mapping', broken, '--dry-run', '--data-dir', dataDir()], env)),
    ).toMatch(/broken-mapping\.json" is not a phone-importer mapping/);
  });
});

describe('the CLI and the app share the job folder', () => {
  it('a job queued by the CLI is listed and sent by the app; no call is made by --queue-only', async () => {
    const s = await sim();
    const dir = dataDir();
    const r = await runCli(
      ['import', await plainSheet(3), '--queue-only', '--site', s.url, '--json', '--data-dir', dir],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const queued = summaryOf(r);
    expect(queued).toMatchObject({ total: 3, pending: 3, saved: 0 });
    expect(s.inspect().calls).toBe(0);

    const listing = await createCore({
      dataDir: dir,
      log: SILENT_LOGGER,
      credentials: new MemoryCredentialStore(),
      sandbox: false,
      autoStart: false,
    });
    try {
      expect(listing.jobs.listJobs()).toMatchObject([{ id: queued.jobId, state: 'queued', counts: { pending: 3 } }]);
    } finally {
      await listing.close();
    }
    // The app resumes queued jobs by itself when it starts.
    const store = new MemoryCredentialStore();
    await store.set(new URL(s.url).origin, TOKEN);
    const app = await createCore({
      dataDir: dir,
      log: SILENT_LOGGER,
      credentials: store,
      sandbox: false,
      autoStart: true,
      send: { pacingMs: 0 },
    });
    try {
      await app.jobs.whenSettled(queued.jobId!);
      expect(app.jobs.listJobs()[0]).toMatchObject({ state: 'done', counts: { saved: 3, pending: 0 } });
    } finally {
      await app.close();
    }
    expect(s.savedCount()).toBe(3);
  });

  it("a job created through the app's services is listed by `jobs --json` and sent by `resume`", async () => {
    const s = await sim();
    const dir = dataDir();
    const app = await createCore({
      dataDir: dir,
      log: SILENT_LOGGER,
      credentials: new MemoryCredentialStore(),
      sandbox: false,
      autoStart: false,
    });
    let id: string;
    try {
      const created = await app.jobs.createJob({
        name: 'from the app',
        site: s.url,
        mapping: {
          CustomerNumber: { kind: 'column', column: 'C' },
          PhoneNumber: { kind: 'column', column: 'P' },
          PhoneExtension: { kind: 'none' },
          PhoneTypeName: { kind: 'column', column: 'T' },
        },
        headers: ['C', 'P', 'T'],
        rows: [1, 2].map((i) => ({
          row: i + 1,
          cells: [`A${i}`, `555-020-000${i}`, 'Office'],
          record: {
            CustomerNumber: `A${i}`,
            PhoneNumber: `555-020-000${i}`,
            PhoneExtension: '',
            PhoneTypeName: 'Office',
          },
        })),
        start: false,
      });
      if (!created.ok) throw new Error(created.error.message);
      id = created.value.id;
    } finally {
      await app.close();
    }
    expect(await listJobsViaCli(dir)).toMatchObject([{ id, name: 'from the app', counts: { total: 2, pending: 2 } }]);
    const r = await runCli(['resume', '--site', s.url, '--json', '--data-dir', dir], env);
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({ jobId: id, saved: 2, pending: 0 });
    expect(s.savedCount()).toBe(2);
  });

  describe('WASP_TOKEN goes only to its own site', () => {
    it("resume without --site sends nothing with WASP_TOKEN and exits 3 naming the sites; with --site, only that site's job is resumed and the other tenant never receives the token", async () => {
      const mine = await sim();
      const other = await sim({ tokens: ['other-tenant-token'] });
      const dir = dataDir();
      const app = await createCore({
        dataDir: dir,
        log: SILENT_LOGGER,
        credentials: new MemoryCredentialStore(),
        sandbox: false,
        autoStart: false,
      });
      try {
        for (const [name, site] of [
          ['mine', mine.url],
          ['theirs', other.url],
        ] as const) {
          const created = await app.intake.create({
            name,
            site,
            mapping: {
              CustomerNumber: { kind: 'column', column: 'C' },
              PhoneNumber: { kind: 'column', column: 'P' },
              PhoneExtension: { kind: 'none' },
              PhoneTypeName: { kind: 'column', column: 'T' },
            },
            headers: ['C', 'P', 'T'],
            rows: [
              {
                row: 2,
                cells: ['K1', '555-030-0001', 'Office'],
                record: {
                  CustomerNumber: 'K1',
                  PhoneNumber: '555-030-0001',
                  PhoneExtension: '',
                  PhoneTypeName: 'Office',
                },
              },
            ],
            start: 'later',
          });
          if (!created.ok) throw new Error(created.error.message);
        }
      } finally {
        await app.close();
      }
      const refused = await runCli(['resume', '--data-dir', dir], {
        ...env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      });
      // Well-formed, so never 2: the sites without a token are named and the jobs kept (issue 14).
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/WASP_TOKEN was not used/);
      expect(refused.stderr).toContain(`no token for ${new URL(other.url).origin}`);
      expect(mine.inspect().calls + other.inspect().calls).toBe(0);

      const r = await runCli(['resume', '--site', mine.url, '--json', '--data-dir', dir], {
        ...env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      });
      expect(mine.savedCount()).toBe(1);
      // The other tenant's job found no token of its own and was not sent: its server saw no call at all.
      expect(other.inspect().calls).toBe(0);
      // --site also limits the resume to that site's jobs, so the other tenant's job does not make it fail.
      expect(r.code, r.stderr).toBe(0);
    });
  });
});
