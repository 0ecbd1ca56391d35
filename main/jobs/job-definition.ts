import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mapping } from '../../shared/domain/job.js';
import { JOB_FILE, type JobDefinition } from './job-files.js';
import { isIndexedHeader, readIndexedDefinition, storedRowOf } from './row-store.js';

/**
 * A job's whole definition, rows included, from either on-disk version: version 2 (indexed rows
 * beside job.json) and version 1 (every row inside job.json, written by earlier releases).
 */
export async function readDefinition(jobDir: string): Promise<JobDefinition> {
  const fh = await open(join(jobDir, JOB_FILE), 'r');
  let raw: unknown;
  try {
    raw = JSON.parse(await fh.readFile('utf8'));
  } finally {
    await fh.close();
  }
  // Version 2 keeps its rows beside job.json, indexed (row-store.ts).
  if (isIndexedHeader(raw)) return readIndexedDefinition(jobDir, raw);
  const o = raw as {
    v?: unknown;
    id?: unknown;
    name?: unknown;
    site?: unknown;
    createdAt?: unknown;
    mapping?: unknown;
    headers?: unknown;
    rows?: unknown;
  };
  if (o.v !== 1 || typeof o.id !== 'string' || !Array.isArray(o.rows))
    throw new Error(`${jobDir}: not a job file this version can read`);
  // Version 1 rows are encoded as rows.jsonl's lines are.
  const rows = (o.rows as unknown[]).map(storedRowOf);
  return {
    id: o.id,
    name: textField(o.name),
    site: textField(o.site),
    createdAt: textField(o.createdAt),
    mapping: o.mapping as Mapping,
    headers: Array.isArray(o.headers) ? (o.headers as string[]) : [],
    rows,
  };
}

/** A version-1 text field: absent → '', a string as is, a number or boolean as its text; anything else (a hand-damaged file) as its `[object …]` tag, never an object's own toString. */
function textField(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v === undefined || v === null ? '' : Object.prototype.toString.call(v);
}
