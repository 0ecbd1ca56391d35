/** A throttled call that can be called off: `cancel` drops a trailing call still waiting (on teardown). */
export interface Throttled {
  (): void;
  cancel(): void;
}

/**
 * Runs `fn` at most once per `ms`: the first call at once, the last of a burst once the interval
 * is over (so the final state is never missed). Results reloads its page this way while a send
 * streams progress events, instead of asking main for a page on every one of them.
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
  return Object.assign(call, {
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  });
}
