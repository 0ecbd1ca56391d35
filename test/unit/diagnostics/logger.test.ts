import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type LogEntry } from '../../../main/logging/logger.js';
import { LogRedactor, secretForms } from '../../../main/logging/log-redaction.js';
import { rotatingFileSink } from '../../../main/logging/rotating-file-sink.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function memory(): { entries: LogEntry[]; sink: { write(e: LogEntry): void } } {
  const entries: LogEntry[] = [];
  return { entries, sink: { write: (e) => void entries.push(e) } };
}

// base64-like, with the characters JSON writers like to escape.
const TOKEN = 'eyJhbGciOi+JIUzI1/NiJ9.x+y/z==';

describe('logger', () => {
  it('writes structured entries with the level, the event and the fields of every parent', () => {
    const { entries, sink } = memory();
    const log = createLogger({ sinks: [sink], now: () => new Date('2026-01-02T03:04:05Z') });
    log.child({ jobId: 'j1' }).child({ batch: 3 }).info('batch answered', { saved: 500 });
    expect(entries).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'info',
        event: 'batch answered',
        fields: { jobId: 'j1', batch: 3, saved: 500 },
      },
    ]);
  });

  it('drops entries under the minimum level', () => {
    const { entries, sink } = memory();
    const log = createLogger({ sinks: [sink], minLevel: 'warn' });
    log.debug('noise');
    log.info('noise');
    log.warn('kept');
    expect(entries.map((e) => e.event)).toEqual(['kept']);
  });

  it('reduces an error to name, code and message (never the object behind it)', () => {
    const { entries, sink } = memory();
    const log = createLogger({ sinks: [sink] });
    const e = Object.assign(new Error('disk full'), {
      code: 'ENOSPC',
      request: { headers: { authorization: `Bearer ${TOKEN}` } },
    });
    log.error('journal append failed', e, { jobId: 'j1' });
    expect(entries[0]!.error).toEqual({ name: 'Error', code: 'ENOSPC', message: 'disk full' });
    expect(JSON.stringify(entries)).not.toContain('authorization');
  });

  it('cuts a registered token in every escaped form, and Bearer values it was never told about', () => {
    const { entries, sink } = memory();
    const log = createLogger({ sinks: [sink] });
    log.addSecret(TOKEN);
    for (const form of secretForms(TOKEN)) log.warn('server said', { text: `answer ${form} end` });
    log.warn('header', { text: 'Authorization: Bearer unregistered-secret-123' });
    const written = JSON.stringify(entries);
    for (const form of secretForms(TOKEN)) expect(written).not.toContain(form);
    expect(written).not.toContain('unregistered-secret-123');
    expect(entries.every((e) => String(e.fields['text']).includes('[token]'))).toBe(true);
  });

  it('masks phone numbers (customer data) in fields and error messages, keeping the last two digits', () => {
    const { entries, sink } = memory();
    const log = createLogger({ sinks: [sink] });
    log.error('row refused', new Error('Phone +49 89 6237510 is not valid'), { value: '(555) 123-4567' });
    const written = JSON.stringify(entries);
    expect(written).not.toMatch(/6237510|123-4567/);
    expect(entries[0]!.fields['value']).toBe('[number …67]');
    expect(entries[0]!.error!.message).toContain('[number …10]');
  });

  it('a failing sink does not stop the others or throw', () => {
    const { entries, sink } = memory();
    const log = createLogger({
      sinks: [
        {
          write: () => {
            throw new Error('EIO');
          },
        },
        sink,
      ],
    });
    expect(() => log.info('still logged')).not.toThrow();
    expect(entries).toHaveLength(1);
  });
});

describe('rotating file sink', () => {
  it('keeps at most keep + 1 files of at most maxBytes, newest in main.log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wasp-log-'));
    dirs.push(dir);
    const log = createLogger({ sinks: [rotatingFileSink({ dir, maxBytes: 2_000, keep: 2 })] });
    for (let i = 0; i < 200; i++) log.info('tick', { i });
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const n of names) expect((await readFile(join(dir, n))).byteLength).toBeLessThanOrEqual(2_000);
    const newest = (await readFile(join(dir, 'main.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    expect(newest.at(-1)!.fields['i']).toBe(199);
  });
});

describe('redactor', () => {
  it('ignores secrets too short to be tokens rather than cutting every short word', () => {
    const r = new LogRedactor();
    r.addSecret('ab');
    expect(r.redact('ab cab')).toBe('ab cab');
  });
});

describe('redactor and dates', () => {
  it('keeps dates (support needs them) while masking numbers of phone length', () => {
    const r = new LogRedactor();
    expect(r.redact('created 2026-11-30 for 0049 89 6237510')).toBe('created 2026-11-30 for [number …10]');
  });
});
