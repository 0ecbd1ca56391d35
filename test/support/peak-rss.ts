import { readFileSync, writeFileSync } from 'node:fs';

const lifetimePeak = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * Measures this process's peak resident memory from now on; call the function it returns for the
 * peak so far. process.resourceUsage().maxRSS alone is the peak since the process started, and Vitest
 * runs several test files in one worker process, so a file run before (a zip bomb's 325 MB) counted
 * as the peak of a test that used 30 MB. On Linux, writing 5 to /proc/self/clear_refs resets the
 * high-water mark (VmHWM) to the current size (proc(5)); where that is not possible the lifetime
 * peak is used, which is never lower.
 */
export function peakRssFromNow(): () => number {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    return lifetimePeak;
  }
  return () => {
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : lifetimePeak();
  };
}
