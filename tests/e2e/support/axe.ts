import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/** The WCAG 2.0 and 2.1 level A and AA rules: what "WCAG 2.1 AA" means to axe-core. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core over the whole page as it is now and fails on any violation, listing each rule, its impact, the
 * elements and axe's explanation, so the failure says what to fix.
 */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `  ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n')
  );
  expect(report, `axe-core WCAG 2.1 AA violations: ${what}`).toEqual([]);
}
