/**
 * Runs `fn` at most once per `ms`: the first call at once, the last of a burst once the interval
 * is over (so the final state is never missed). Results reloads its page this way while a send
 * streams progress events, instead of asking main for a page on every one of them.
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  return () => {
    if (timer !== null) return;
    const wait = last + ms - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
}
