/** A reusable "something changed" signal: wait() resolves at the next fire(). */
export class Waker {
  private resolve: (() => void) | null = null;
  private promise: Promise<void> | null = null;

  wait(): Promise<void> {
    if (this.promise === null) this.promise = new Promise<void>((r) => (this.resolve = r));
    return this.promise;
  }

  fire(): void {
    const r = this.resolve;
    this.resolve = null;
    this.promise = null;
    r?.();
  }
}

/** Resolves after `ms`, or earlier when `signal` aborts or any waker fires; never rejects. */
export function pause(ms: number, signal: AbortSignal, ...wakers: Waker[]): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, ms));
    signal.addEventListener('abort', finish, { once: true });
    for (const w of wakers) void w.wait().then(finish);
  });
}
