import type { JobProgress } from '../../shared/domain/job.js';
import { describeProgress } from '../../shared/domain/job-state-words.js';

export interface ProgressOutput {
  update(p: JobProgress): void;
  line(text: string): void;
  end(): void;
}

/**
 * Progress on stderr (stdout stays for results and --json): a redrawn bar on a terminal, plain
 * lines otherwise (logs of scheduled runs), one line per change of state or batch.
 */
export function progressOutput(stream: NodeJS.WriteStream = process.stderr): ProgressOutput {
  const tty = stream.isTTY === true;
  let last = '';
  let barShown = false;
  const clear = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  return {
    update(p) {
      const words = describeProgress(p);
      const sendable = p.counts.saved + p.counts.failed + p.counts.pending;
      const done = p.counts.saved + p.counts.failed;
      const tail = `${done}/${sendable} rows · ${p.counts.saved} saved · ${p.counts.failed} failed`;
      if (tty) {
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 70));
        const filled = sendable === 0 ? width : Math.round((done / sendable) * width);
        clear();
        stream.write(
          `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${words} · ${tail}`.slice(
            0,
            (stream.columns ?? 120) - 1,
          ),
        );
        barShown = true;
      } else {
        const text = `${words} · ${tail}`;
        if (text !== last) stream.write(`${text}\n`);
        last = text;
      }
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    end() {
      if (barShown) stream.write('\n');
      barShown = false;
    },
  };
}
