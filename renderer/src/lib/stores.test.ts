import { describe, expect, it } from 'vitest';
import { Jobs } from './jobs.svelte.js';
import { Connections } from './connections.svelte.js';
import type { JobProgress, JobSummary } from '../../../shared/domain/job.js';
import type { ConnectionView, WaspBridge } from '../../../shared/ipc/contract.js';

function summary(id: string, pending: number): JobSummary {
  return {
    id,
    name: id,
    site: 'https://acme.example',
    createdAt: '',
    updatedAt: '',
    state: 'sending',
    counts: { total: pending, saved: 0, failed: 0, invalid: 0, skipped: 0, pending },
    batchesTotal: 2,
    batchesDone: 0,
  };
}

describe('Jobs: the list and the job being shown, kept by main’s events', () => {
  it('a progress event updates the job in the list and the current job follows it', async () => {
    let onProgress: ((p: JobProgress) => void) | undefined;
    const bridge = {
      listJobs: () => Promise.resolve({ ok: true as const, value: [summary('a', 10), summary('b', 5)] }),
      onJobProgress: (f: (p: JobProgress) => void) => {
        onProgress = f;
        return () => undefined;
      },
      onJobsChanged: () => () => undefined,
    } as unknown as Pick<WaspBridge, 'listJobs' | 'onJobProgress' | 'onJobsChanged'>;
    const jobs = new Jobs(bridge);
    jobs.subscribe();
    await jobs.load();
    jobs.currentId = 'b';
    expect(jobs.current?.counts.pending).toBe(5);
    onProgress!({
      jobId: 'b',
      state: 'done',
      counts: { total: 5, saved: 5, failed: 0, invalid: 0, skipped: 0, pending: 0 },
      batch: 2,
      batches: 2,
      rate: 0,
      etaSeconds: null,
    });
    expect(jobs.current?.state).toBe('done');
    expect(jobs.current?.counts.saved).toBe(5);
    expect(jobs.progress['b']?.batch).toBe(2);
    jobs.upsert(summary('c', 1));
    expect(jobs.list.map((j) => j.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('Connections: sites by the names people use', () => {
  const view = (site: string, label: string, extra: Partial<ConnectionView> = {}): ConnectionView =>
    ({ site, label, hasToken: true, isDefault: false, isSandbox: false, lastResult: null, ...extra }) as ConnectionView;

  it('names a known site by its label, an unknown one by its host, and picks the default', async () => {
    const list = [
      view('http://127.0.0.1:4000', 'Sandbox', { isSandbox: true }),
      view('https://acme.example', 'Acme', { isDefault: true }),
    ];
    const connections = new Connections({ listConnections: () => Promise.resolve({ ok: true as const, value: list }) });
    await connections.load();
    expect(connections.siteName('http://127.0.0.1:4000')).toBe('Sandbox');
    expect(connections.siteName('https://other.example/path')).toBe('other.example');
    expect(connections.isSandboxSite('http://127.0.0.1:4000')).toBe(true);
    expect(connections.defaultConnection()?.label).toBe('Acme');
    connections.replace(view('https://acme.example', 'Acme HQ', { isDefault: true }));
    expect(connections.list.map((c) => c.label)).toEqual(['Sandbox', 'Acme HQ']);
  });
});
