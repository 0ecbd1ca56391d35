/**
 * Reads what MainProfile wrote (SCALE_MAIN_PROFILE=<folder> npm run bench:scale) and says, for the
 * longest blocks of main's loop in each phase, how much of the block main itself spent working and
 * on what: `node dist/test/bench/main-blocks.js <folder> [blocks per phase]`. A block in which main
 * worked for a few milliseconds was time the machine gave to other processes (a busy 2-core
 * machine), not something main's code can shorten.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LATE_MS, type LateLog } from './main-profile.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A gap between samples longer than this is time main was not running (the interval is 250 µs). */
const MAX_SAMPLE_US = 1_000;

/** Where a frame belongs, by the innermost of main's modules on its stack. */
const AREAS: [string, (url: string, name: string) => boolean][] = [
  ['gc', (_, n) => n === '(garbage collector)'],
  ['simulator', (u) => u.includes('/main/simulator/')],
  ['job drafts', (u) => u.includes('/main/intake/')],
  ['ipc', (u) => u.includes('/main/ipc/')],
  ['harness channel', (u) => u.includes('/test/bench/') || u.includes('child_process')],
  ['jobs', (u) => u.includes('/main/jobs/')],
  ['sending', (u) => u.includes('/main/sending/')],
  ['wasp-api', (u) => u.includes('/main/wasp-api/')],
  ['fetch (undici)', (u) => u.includes('undici') || u.includes('webstreams')],
];

function analyse(profile: CpuProfile, log: LateLog, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const area = (id: number): string => {
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      for (const [name, test] of AREAS) if (test(f.url, f.functionName)) return name;
    }
    return 'other';
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const t0 = log.marks[0]?.atUs ?? profile.startTime;
  const phaseAt = (us: number) => [...log.marks].reverse().find((m) => m.atUs <= us)?.what ?? 'start';
  const out: string[] = [];
  for (const l of [...log.late].sort((a, b) => b.lateMs - a.lateMs).slice(0, top)) {
    const from = l.atUs - l.lateMs * 1000;
    const areas = new Map<string, number>();
    let busy = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i]! < from || times[i]! > l.atUs) continue;
      const id = profile.samples[i]!;
      if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
      const us = Math.min((times[i + 1] ?? times[i]!) - times[i]!, MAX_SAMPLE_US);
      busy += us;
      const a = area(id);
      areas.set(a, (areas.get(a) ?? 0) + us);
    }
    const parts = [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([a, us]) => `${a} ${(us / 1000).toFixed(0)}`)
      .join(', ');
    out.push(
      `  ${l.lateMs.toFixed(0).padStart(4)} ms at +${((l.atUs - t0) / 1000).toFixed(0)} ms (after ${phaseAt(l.atUs)}): main worked ${(busy / 1000).toFixed(0)} ms${parts === '' ? '' : ` (${parts})`}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const [dir, topText = '10'] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: main-blocks.js <folder written with SCALE_MAIN_PROFILE> [blocks]');
  const names = (await readdir(dir)).filter((f) => /^main-\d+\.cpuprofile$/.test(f)).sort();
  for (const name of names) {
    const profile = JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile;
    const log = JSON.parse(await readFile(join(dir, name.replace('.cpuprofile', '.late.json')), 'utf8')) as LateLog;
    console.log(`${name}: ${log.late.length} blocks over ${LATE_MS} ms; the longest:`);
    for (const line of analyse(profile, log, Number(topText))) console.log(line);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
