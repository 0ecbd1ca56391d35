import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { saveDiagnostics, type DiagnosticsPorts } from '../../../main/diagnostics/save-diagnostics.js';
import { LogRedactor } from '../../../main/logging/log-redaction.js';
import { createLogger, type LogEntry } from '../../../main/logging/logger.js';
import type { SaveDialogRequest } from '../../../main/dialogs.js';
import type { JobDetail } from '../../../main/jobs/job-service.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function scripted(answers: { confirm: { includeRows: boolean } | null; path: string | null }) {
  const asked: SaveDialogRequest[] = [];
  const revealed: string[] = [];
  const ports: DiagnosticsPorts = {
    confirm: () => Promise.resolve(answers.confirm),
    chooseSavePath: (r) => (asked.push(r), Promise.resolve(answers.path)),
    reveal: (p) => void revealed.push(p),
  };
  return { ports, asked, revealed };
}

const noJobs = {
  listJobs: () => [],
  getJob: () => Promise.resolve({ ok: false as const, error: { kind: 'not-found' as const, message: '' } }),
};

async function dataDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'wasp-savediag-'));
  dirs.push(d);
  return d;
}

/** saveDiagnostics as most cases call it: version 1, no jobs, a logger that keeps nothing. */
function save(
  dir: string,
  ports: Parameters<typeof saveDiagnostics>[0]['ports'],
  more: Partial<Parameters<typeof saveDiagnostics>[0]> = {},
): ReturnType<typeof saveDiagnostics> {
  return saveDiagnostics({
    dataDir: dir,
    version: '1',
    jobs: noJobs,
    redactor: new LogRedactor(),
    log: createLogger({ sinks: [] }),
    ports,
    ...more,
  });
}

describe('Help → Save diagnostics…', () => {
  it('cancelled at the question: no save dialog, no file', async () => {
    const dir = await dataDir();
    const s = scripted({ confirm: null, path: join(dir, 'x.zip') });
    const r = await save(dir, s.ports);
    expect(r).toEqual({ cancelled: true });
    expect(s.asked).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('offers a dated .zip name, saves, shows the file in its folder, and logs that it did', async () => {
    const dir = await dataDir();
    const target = join(dir, 'out.zip');
    const s = scripted({ confirm: { includeRows: false }, path: target });
    const logged: LogEntry[] = [];
    const r = await save(dir, s.ports, {
      version: '1.2.3',
      log: createLogger({ sinks: [{ write: (e) => void logged.push(e) }] }),
      now: () => new Date('2026-11-30T10:00:00Z'),
    });
    expect(s.asked[0]!.defaultName).toBe('wasp-phone-importer-diagnostics-2026-11-30.zip');
    expect(r).toMatchObject({ saved: target });
    expect(s.revealed).toEqual([target]);
    const files = unzipSync(new Uint8Array(readFileSync(target)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['about.json', 'jobs.json']));
    expect(logged.map((e) => e.event)).toContain('diagnostics saved');
  });

  it('rows only when ticked', async () => {
    const dir = await dataDir();
    const job = {
      id: 'j1',
      name: 'n',
      site: 'https://a.example',
      createdAt: '',
      updatedAt: '',
      state: 'done' as const,
      counts: { total: 1, saved: 1, failed: 0, invalid: 0, skipped: 0, pending: 0 },
      batchesTotal: 1,
      batchesDone: 1,
    };
    const jobs = {
      listJobs: () => [job],
      getJob: () =>
        Promise.resolve({
          ok: true as const,
          value: { rows: [{ row: 2, cells: ['C77'], record: { CustomerNumber: 'C77' } }] } as unknown as JobDetail,
        }),
    };
    for (const includeRows of [false, true]) {
      const target = join(dir, `${includeRows}.zip`);
      await save(dir, scripted({ confirm: { includeRows }, path: target }).ports, { jobs });
      expect(Object.keys(unzipSync(new Uint8Array(readFileSync(target)))).includes('rows/j1.json')).toBe(includeRows);
    }
  });

  it('a folder that cannot be written to gives words to act on, and nothing is revealed', async () => {
    const dir = await dataDir();
    const blocked = join(dir, 'not-a-folder');
    await mkdir(blocked);
    const s = scripted({ confirm: { includeRows: false }, path: join(blocked, 'missing', 'x.zip') });
    const r = await save(dir, s.ports);
    expect(r).toMatchObject({
      failed: expect.stringMatching(/could not be saved to .*x\.zip \(ENOENT\)\. Choose another folder/) as unknown,
    });
    expect(s.revealed).toEqual([]);
  });
});
