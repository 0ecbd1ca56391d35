import { Announcer, type Politeness } from './announcer.js';

/**
 * The text of the app's two live regions (rendered once by the shell, see LiveRegions.svelte).
 * Screens announce through `announcer`, never by making their own changing text live, so progress
 * is throttled in one place.
 */
export const liveRegion = $state<Record<Politeness, string>>({ polite: '', assertive: '' });

let flip = false;
function say(text: string, politeness: Politeness): void {
  // The same words twice in a row would not change the region, and would not be read again:
  // a trailing no-break space, alternated, makes each announcement a change.
  flip = !flip;
  liveRegion[politeness] = flip ? text : `${text}\u00a0`;
}

/** At most one progress announcement every 5 seconds (WCAG 2.2.2 / 4.1.3 without flooding). */
export const PROGRESS_GAP_MS = 5_000;
export const announcer = new Announcer({ progressGapMs: PROGRESS_GAP_MS, say });
