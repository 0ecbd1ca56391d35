/**
 * Whether process `pid` still runs on this computer: signal 0 only asks. EPERM means it runs under
 * another user. The sender lock and the leftover-folder sweep both judge a writer gone by this.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
