/**
 * Where keyboard focus goes when the screen changes under it. Plain DOM code, used by the shell.
 */

/** Set while one screen replaces another: the new screen's heading gets focus after the next frame. */
let changingScreen = false;

/**
 * Called just before one screen replaces another in `root`: focus leaves the old screen's control
 * (the "Review 1,000,000 records" button) before that control is removed. Removing the focused
 * element makes Chromium compute the style and layout of the whole new screen at once, inside the
 * task that builds it (15-40 ms more in the window's longest task); blurred first, that work is left
 * to the next frame. Until focusScreenHeading runs, keepFocus leaves focus where it is.
 */
export function releaseFocusForScreenChange(root: HTMLElement): void {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !root.contains(active)) return;
  changingScreen = true;
  active.blur();
}

/** Focuses the current screen's heading (made focusable by script only, so it is no tab stop). */
export function focusScreenHeading(root: ParentNode = document): boolean {
  changingScreen = false;
  // A screen opened for one task (correcting a site's address from Send or Jobs) starts in it.
  const task = root.querySelector<HTMLElement>('main [autofocus]');
  if (task && focusable(task)) {
    task.focus();
    return document.activeElement === task;
  }
  const heading = root.querySelector<HTMLElement>('main h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
  return document.activeElement === heading;
}

function focusable(el: HTMLElement): boolean {
  return el.isConnected && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0;
}

/**
 * Keeps focus from falling to <body> when the focused control disappears or is disabled for a while:
 * Pause becomes Resume,
 * a deleted job's row goes, a Cancel button goes when reading ends. Controls that take each other's
 * place share a `data-focus-slot` name; focus goes to the control now at the same place among that
 * slot's controls (or the last one), else to the screen's heading.
 */
export function keepFocus(root: HTMLElement): () => void {
  let last: { el: HTMLElement; slot: string | null; place: number; inGrid: boolean; wasDisabled: boolean } | null =
    null;
  const onFocusIn = (e: FocusEvent) => {
    const el = e.target instanceof HTMLElement ? e.target : null;
    if (!el) return;
    const slotEl = el.closest<HTMLElement>('[data-focus-slot]');
    const slot = slotEl?.dataset['focusSlot'] ?? null;
    const place = slot ? [...root.querySelectorAll(`[data-focus-slot="${slot}"]`)].indexOf(slotEl!) : -1;
    last = { el, slot, place, inGrid: el.closest('[role="grid"]') !== null, wasDisabled: false };
  };
  const restore = () => {
    // The screen is being replaced: its heading takes focus after the next frame (the shell does that).
    if (!last || changingScreen) return;
    const active = document.activeElement;
    const lost = !active || active === document.body || active === document.documentElement;
    if (last.el.isConnected) {
      // A button disabled while it works ("Export…") drops focus to <body>; give it back when it is
      // enabled again, unless the user has moved on meanwhile.
      if ((last.el as HTMLButtonElement).disabled) last.wasDisabled = true;
      else if (last.wasDisabled && lost) {
        last.wasDisabled = false;
        last.el.focus();
      }
      return;
    }
    // A grid cell scrolled out of a virtual grid is not lost: the grid itself becomes the tab stop.
    if (last.inGrid || !lost) return;
    const { slot, place } = last;
    last = null;
    if (slot) {
      const same = [...root.querySelectorAll<HTMLElement>(`[data-focus-slot="${slot}"]`)].filter(focusable);
      const next = same[Math.min(place, same.length - 1)];
      if (next) {
        next.focus();
        return;
      }
    }
    focusScreenHeading(root);
  };
  const observer = new MutationObserver(restore);
  root.addEventListener('focusin', onFocusIn);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  return () => {
    observer.disconnect();
    root.removeEventListener('focusin', onFocusIn);
  };
}
