/**
 * A throttled call. `cancel` drops a trailing call still waiting (on teardown); `flush` makes it
 * now instead (a last word that must not wait, or be lost when its owner closes).
 */
export interface Throttled {
  (): void;
  cancel(): void;
  flush(): void;
}

/**
 * Runs `fn` at most once per `ms`: the first call at once, the last of a burst once the interval
 * is over (so the final state is never missed). Results reloads its page this way while a send
 * streams progress events, instead of asking main for a page on every one of them; main paces
 * the progress events themselves with it (progress-coalescer.ts).
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  const call = () => {
    if (timer !== null) return;
    const wait = last + ms - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  const cancel = (): boolean => {
    if (timer === null) return false;
    clearTimeout(timer);
    timer = null;
    return true;
  };
  return Object.assign(call, {
    cancel: () => void cancel(),
    flush: () => {
      if (cancel()) run();
    },
  });
}
