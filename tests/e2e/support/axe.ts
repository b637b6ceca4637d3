import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';

/** The WCAG 2.0 and 2.1 level A and AA rules: what "WCAG 2.1 AA" means to axe-core. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * floating-ui's focus guards (Grafana's Toggletip, Menu, Dropdown): hidden spans that only pass the focus on. axe
 * flags them (aria-hidden-focus); floating-ui and axe-core agree it is a false positive (floating-ui#2462,
 * axe-core#4832, open), so they are left out of every scan.
 */
const FOCUS_GUARDS = '[data-floating-ui-focus-guard]';

/**
 * What a modal floating-ui popover (Grafana's Dropdown and Toggletip) hides while it is open: it marks the rest of the
 * page aria-hidden and traps the focus, the pre-`inert` way of a modal. axe then reports every control back there
 * (aria-hidden-focus), which no keyboard can reach. That page is scanned in the state before the popover opened.
 */
const BEHIND_MODAL_POPOVER = '[data-floating-ui-inert]';

/**
 * Grafana's own chrome that the sandbox draws as Grafana does, with violations Spacetime cannot fix: left out of the
 * scan, and each checked to still violate, so the exception goes when Grafana fixes it.
 */
export const GRAFANA_TIME_PICKER = {
  selector: 'button[aria-controls="TimePickerContent"]',
  why:
    "@grafana/ui TimeRangePicker: its aria-label ('Time range selected: …') leaves out the time zone the button shows " +
    '(label-content-name-mismatch), and that "UTC" is orange text at 2.75:1 in the light theme (color-contrast)',
};

function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `  ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n')
  );
}

/**
 * Runs axe-core over the whole page as it is now and fails on any violation, listing each rule, its impact, the
 * elements and axe's explanation, so the failure says what to fix. `upstream`: parts of Grafana itself to leave out
 * (see GRAFANA_TIME_PICKER).
 */
export async function expectNoAxeViolations(
  page: Page,
  what: string,
  upstream: Array<{ selector: string; why: string }> = []
): Promise<void> {
  // Colours are read as they are painted: a transition still running (a button fading out of its hover shade)
  // would be judged half-way.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  let scan = new AxeBuilder({ page }).withTags(WCAG_21_AA).exclude(FOCUS_GUARDS).exclude(BEHIND_MODAL_POPOVER);
  for (const u of upstream) {
    scan = scan.exclude(u.selector);
  }
  const { violations } = await scan.analyze();
  expect(describe(violations), `axe-core WCAG 2.1 AA violations: ${what}`).toEqual([]);
  for (const u of upstream) {
    const own = await new AxeBuilder({ page }).withTags(WCAG_21_AA).include(u.selector).analyze();
    expect(own.violations.length, `${u.selector} passes axe now: remove the exception (${u.why})`).toBeGreaterThan(0);
  }
}
