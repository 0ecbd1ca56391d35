import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

/**
 * The rule sets the app is held to: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's
 * best-practice rules (landmarks, heading order, empty table headers…). Nothing is disabled.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'] as const;

/**
 * Runs axe on the whole window as it is now and fails the test on any violation, listing each
 * rule with the elements it found, so the failure says what to fix.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags([...AXE_TAGS])
    // Experimental in axe (so off by default) but it is WCAG 2.5.3 Label in Name, level A.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ') ?? ''}`).join('\n')}`,
  );
  expect(found, `axe found violations on ${state}:\n${found.join('\n')}`).toEqual([]);
}
