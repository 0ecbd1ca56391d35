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
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ') ?? ''}`).join('\n')}`,
  );
  found.push(...(await page.evaluate(ariaNameChecks)));
  expect(found, `axe found violations on ${state}:\n${found.join('\n')}`).toEqual([]);
}

/**
 * Two rules axe does not fail on but WCAG and ARIA do, both found in this app before:
 * - label in name (WCAG 2.5.3, A): a control with a visible <label> whose aria-label replaces that
 *   text with other words (axe's label-content-name-mismatch only looks at text inside the control);
 * - ARIA 1.2 forbids naming a generic element: a div or span with aria-label and no role is not read.
 * Runs in the page, so it is written without closures over test code.
 */
function ariaNameChecks(): string[] {
  const out: string[] = [];
  const visibleText = (label: HTMLLabelElement) => {
    const copy = label.cloneNode(true) as HTMLElement;
    for (const c of copy.querySelectorAll('input, select, textarea, button')) c.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  };
  for (const control of document.querySelectorAll<HTMLElement>(
    'input[aria-label], select[aria-label], textarea[aria-label]',
  )) {
    const labels = (control as HTMLInputElement).labels ?? [];
    const name = (control.getAttribute('aria-label') ?? '').toLowerCase();
    for (const label of labels) {
      const text = visibleText(label);
      if (text && !name.includes(text))
        out.push(
          `label-in-name: visible label “${text}” is not in the accessible name “${name}” (${control.outerHTML.slice(0, 80)})`,
        );
    }
  }
  for (const el of document.querySelectorAll<HTMLElement>(
    'div[aria-label]:not([role]), span[aria-label]:not([role]), div[aria-labelledby]:not([role]), span[aria-labelledby]:not([role])',
  )) {
    out.push(
      `aria-label-on-generic: a ${el.tagName.toLowerCase()} without a role cannot be named (${el.outerHTML.slice(0, 80)})`,
    );
  }
  return out;
}
