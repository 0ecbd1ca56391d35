import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/** A late firing of the 10 ms probe timer; times are monotonic µs, as a CPU profile's. */
interface LateFiring {
  atUs: number;
  lateMs: number;
}
/** When main was asked what (a bridge call, an event). */
interface Mark {
  atUs: number;
  what: string;
}
export interface LateLog {
  late: LateFiring[];
  marks: Mark[];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** A firing of the 10 ms probe this much later than due is logged as a block. */
export const LATE_MS = 15;

/**
 * What blocked main's loop during a measured phase (bench:scale's scale-main, on request only:
 * SCALE_MAIN_PROFILE=<folder>). Writes main-N.cpuprofile (V8's sampling profile, 250 µs) and
 * main-N.late.json: every firing of a 10 ms timer more than 15 ms late, with when main was asked
 * what, so `node dist/test/bench/main-blocks.js <folder>` can tell main's own work in a long block
 * from time the machine did not give it. The profiler costs main time of its own, so figures of a
 * profiled run are not the benchmark's figures.
 */
export class MainProfile {
  private session: Session | null = null;
  private probe: NodeJS.Timeout | null = null;
  private log: LateLog = { late: [], marks: [] };
  private phases = 0;

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 250 });
    await this.session.post('Profiler.start');
    this.log = { late: [], marks: [] };
    let last = nowUs();
    this.probe = setInterval(() => {
      const now = nowUs();
      const lateMs = (now - last) / 1000 - 10;
      if (lateMs > LATE_MS) this.log.late.push({ atUs: now, lateMs });
      last = now;
    }, 10);
  }

  mark(what: string): void {
    if (this.probe !== null) this.log.marks.push({ atUs: nowUs(), what });
  }

  async stop(): Promise<void> {
    if (this.session === null) return;
    if (this.probe !== null) clearInterval(this.probe);
    this.probe = null;
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    this.session = null;
    const n = ++this.phases;
    await writeFile(join(this.dir, `main-${n}.cpuprofile`), JSON.stringify(profile));
    await writeFile(join(this.dir, `main-${n}.late.json`), JSON.stringify(this.log));
  }
}
