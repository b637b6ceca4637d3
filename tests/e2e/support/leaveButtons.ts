import { type Page } from '@playwright/test';

/**
 * Moves the pointer and the focus off the sandbox's "Save & test" and "Run query": they are Grafana's page, not the
 * plugin's, and a hovered or focused @grafana/ui primary Button is primary.shade behind white text, 3.55:1 in the
 * dark theme (the panel's own primary button darkens that shade instead; see styles.primaryAction).
 */
export async function leaveGrafanasButtons(page: Page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
