import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createWaspClient } from '../../../main/wasp-api/client.js';
import { JobService } from '../../../main/jobs/job-service.js';
import { writeReportFile } from '../../../main/report/job-report.js';
import { redactDeep, redactToken } from '../../../main/wasp-api/redact.js';
import { escapedJson, failingEnvelope, hostileServer, type HostileServer } from '../../support/hostile-server.js';
import { FAST, job, rows, tempDir } from '../../support/sending-fixtures.js';

// Base64-like, as Wasp's tokens are: the characters JSON writers like to escape.
const TOKEN = 'AbC+dEf/GhI+jKl/mNo+pQr/StU=';

/** Every spelling of the token a leak could take in text we keep. */
const FORMS = [
  TOKEN,
  TOKEN.replaceAll('+', '\\u002B'),
  TOKEN.replaceAll('/', '\\/'),
  encodeURIComponent(TOKEN),
  TOKEN.replaceAll('+', '\\u002b'),
];
const leaks = (text: string) => FORMS.filter((f) => text.includes(f));

let server: HostileServer | undefined;
const services: JobService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await server?.close();
  server = undefined;
});

describe('D1: a server that escapes the token it echoes', () => {
  it('the decoded token never reaches the outcome (\\u002B and \\/ escapes, as System.Text.Json writes them)', async () => {
    server = await hostileServer((call, _req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(escapedJson(failingEnvelope(call.records.length, call.token)));
    });
    const client = createWaspClient({ site: server.url, token: TOKEN, version: '1.0.0' });
    if (!client.ok) throw new Error(client.error.message);
    const outcome = await client.value.save([
      { CustomerNumber: 'C1', PhoneNumber: '5551234567', PhoneExtension: '', PhoneTypeName: 'Office' },
    ]);
    expect(outcome.kind).toBe('record-failures');
    expect(leaks(JSON.stringify(outcome))).toEqual([]);
    expect(JSON.stringify(outcome)).toContain('[token]');
  });

  it('nor the journal, the job list, the rows or the report', async () => {
    server = await hostileServer((call, _req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(escapedJson(failingEnvelope(call.records.length, call.token)));
    });
    const dir = await tempDir();
    try {
      const r = await JobService.open({
        dataDir: dir.path,
        getToken: async () => TOKEN,
        version: '1.0.0',
        owner: 'app',
        send: FAST,
      });
      if (!r.ok) throw new Error(r.error.message);
      services.push(r.value);
      const created = await r.value.createJob(job(server.url, rows(3)));
      if (!created.ok) throw new Error(created.error.message);
      await r.value.whenSettled(created.value.id);
      expect(r.value.listJobs()[0]?.counts.failed).toBe(3);
      const journal = await readFile(join(dir.path, 'jobs', created.value.id, 'journal.jsonl'), 'utf8');
      expect(journal).toContain('[token]');
      expect(leaks(journal)).toEqual([]);
      expect(leaks(JSON.stringify(r.value.listJobs()))).toEqual([]);
      const detail = await r.value.getJob(created.value.id);
      if (!detail.ok) throw new Error(detail.error.message);
      expect(leaks(JSON.stringify(detail.value))).toEqual([]);
      const report = join(dir.path, 'report.csv');
      await writeReportFile(report, detail.value, 'csv');
      expect(leaks(await readFile(report, 'utf8'))).toEqual([]);
    } finally {
      await dir.remove();
    }
  });
});

describe('redactToken', () => {
  it.each([
    ['plain', `x ${TOKEN} y`],
    ['JSON escapes left in a message', `x ${TOKEN.replaceAll('+', '\\u002B').replaceAll('/', '\\/')} y`],
    ['lower-case unicode escapes', `x ${TOKEN.replaceAll('+', '\\u002b')} y`],
    ['percent-encoded', `x ${encodeURIComponent(TOKEN)} y`],
    ['HTML entities', `x ${TOKEN.replaceAll('+', '&#43;').replaceAll('/', '&#x2F;')} y`],
    ['base64url spelling', `x ${TOKEN.replaceAll('+', '-').replaceAll('/', '_')} y`],
  ])('cuts the %s form', (_name, text) => {
    expect(redactToken(text, TOKEN)).toBe('x [token] y');
  });
  it('cuts the shortest spelling, a whole string of base64url without padding (strings shorter than it are skipped unscanned)', () => {
    const shortest = TOKEN.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    expect(redactToken(shortest, TOKEN)).toBe('[token]');
    expect(redactToken(shortest.slice(1), TOKEN)).toBe(shortest.slice(1));
  });
  it('leaves other text alone and does nothing for an empty token', () => {
    expect(redactToken('nothing to see', TOKEN)).toBe('nothing to see');
    expect(redactToken('abc', '')).toBe('abc');
  });
});

describe('redactDeep', () => {
  it('cuts the token at any depth in a copy, leaves the original as it was, and does not copy what holds no token', () => {
    const clean = { message: 'Saved', resultCode: 0 };
    const value = {
      kind: 'record-failures',
      envelope: { resultList: [clean, { message: `bad token ${TOKEN}`, resultCode: -1 }], messages: [clean] },
    };
    const before = structuredClone(value);
    const out = redactDeep(value, TOKEN);
    expect(out.envelope.resultList[1]).toEqual({ message: 'bad token [token]', resultCode: -1 });
    expect(JSON.stringify(out)).not.toContain(TOKEN);
    expect(value).toEqual(before);
    expect(out).not.toBe(value);
    expect(out.envelope.resultList[0]).toBe(clean);
    expect(out.envelope.messages).toBe(value.envelope.messages);
    expect(redactDeep(clean, TOKEN)).toBe(clean);
  });
});
