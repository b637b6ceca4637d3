import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './support/axe';
import { type Standin, liveRedmine, startStandin } from './support/grafanaStandin';

// The datasource's editors in the sandbox page, against the grafana-standin: Grafana's HTTP API backed by the
// built plugin executable and the live test Redmine. A new, unconfigured datasource is set up through the
// config editor, tested, queried through the query editor, and its tickets shown in the ticket table panel.

// Beside the sandbox's port, so engineers running the suite at once (each on their own SANDBOX_PORT) do not collide.
const STANDIN_PORT = Number(process.env.STANDIN_PORT ?? Number(process.env.SANDBOX_PORT ?? 3100) + 100);
let standin: Standin;

test.beforeAll(async ({}, testInfo) => {
  const sandbox = String(testInfo.project.use.baseURL ?? 'http://127.0.0.1:3100');
  standin = await startStandin(STANDIN_PORT, sandbox);
});

test.afterAll(() => standin?.stop());

/** Types the API key, first resetting a key saved by an earlier test (it then shows only as "configured"). */
async function enterApiKey(page: Page, key: string) {
  const reset = page.getByRole('button', { name: 'Reset' });
  if (await reset.count()) {
    await reset.first().click();
  }
  await page
    .getByLabel(/API key/)
    .first()
    .fill(key);
}

/**
 * Moves the pointer and the focus off the sandbox's "Save & test" and "Run query": they are Grafana's page, not the
 * plugin's, and a hovered or focused @grafana/ui primary Button is primary.shade behind white text, 3.55:1 in the
 * dark theme (the panel's own primary button darkens that shade instead; see styles.primaryAction).
 */
async function leaveGrafanasButtons(page: Page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test.describe.configure({ mode: 'serial' });

for (const theme of ['dark', 'light'] as const) {
  test(`configure Redmine, save & test, run a tickets query (${theme} theme)`, async ({ page }) => {
    test.setTimeout(120_000);
    const redmine = liveRedmine();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${standin.baseURL}/?page=datasource&theme=${theme}`);
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

    await page.getByLabel(/^URL/).fill(redmine.url);
    await enterApiKey(page, redmine.apiKey);
    await page.getByLabel(/^Project/).fill(redmine.project);
    await page.getByRole('button', { name: 'Save & test' }).click();
    const health = page.getByTestId('health');
    await expect(health).toContainText(`Connected to Redmine at ${redmine.url} as admin`, { timeout: 30_000 });
    await expect(health).toContainText(/\d+ tickets visible/);
    // The key is now only "configured": never sent back to the browser.
    await expect(page.locator('body')).not.toContainText(redmine.apiKey);

    await page.getByRole('button', { name: 'Run query' }).click();
    const frame = page.getByTestId('result-frame').first();
    await expect(frame).toBeVisible({ timeout: 60_000 });
    const all = Number(await frame.getAttribute('data-rows'));
    expect(all).toBeGreaterThan(100);
    const table = page.getByTestId('spacetime-ticket-table');
    await expect(table).toBeVisible();

    await page.getByPlaceholder(/checkout timeout/).fill('checkout');
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('result-frame').first().getAttribute('data-rows')), {
        timeout: 30_000,
      })
      .toBeLessThan(all);
    const some = Number(await page.getByTestId('result-frame').first().getAttribute('data-rows'));
    expect(some).toBeGreaterThan(0);
    await expect(table).toHaveAttribute('aria-label', `Tickets: ${some} rows`);
    await expect(page.getByRole('gridcell', { name: /checkout/i }).first()).toBeVisible();
    await expect(page.getByTestId('query-error')).toHaveCount(0);
    // The config editor, the query editor and the panel with the query's tickets, as axe-core sees them.
    await leaveGrafanasButtons(page);
    await expectNoAxeViolations(page, `datasource editors (${theme})`);

    await page.screenshot({ path: `docs/screenshots/datasource-editors-${theme}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('a wrong API key is refused by Save & test with a sentence that says what to fix', async ({ page }) => {
  const redmine = liveRedmine();
  await page.goto(`${standin.baseURL}/?page=datasource`);
  await page.getByLabel(/^URL/).fill(redmine.url);
  await enterApiKey(page, '0000000000000000000000000000000000000bad');
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('health')).toContainText(
    'Redmine rejected the API key (401): check the API key in the datasource settings.',
    {
      timeout: 30_000,
    }
  );
  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'datasource editors with a failed Save & test');
});
