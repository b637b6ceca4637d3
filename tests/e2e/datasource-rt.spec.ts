import { expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './support/axe';
import { type LiveRT, liveRT, type Standin, startStandin } from './support/grafanaStandin';
import { leaveGrafanasButtons } from './support/leaveButtons';
import { chooseSystem } from './support/systemPicker';

// A new datasource configured as Request Tracker through the real config editor, against the live RT 5 of
// scripts/rt (rt.sh up) and the built plugin executable behind the grafana-standin: Save & test with the
// TicketSQL scope and the severity field, then a tickets query shown in the ticket table.

const base = Number(process.env.SANDBOX_PORT ?? 3100);
let standin: Standin;
let rt: LiveRT;

test.beforeAll(async ({}, testInfo) => {
  rt = liveRT();
  const sandbox = String(testInfo.project.use.baseURL ?? `http://127.0.0.1:${base}`);
  standin = await startStandin(base + 120, sandbox);
});

test.afterAll(() => standin?.stop());

test.describe.configure({ mode: 'serial' });

test('configure Request Tracker through the editor, save & test, run a tickets query', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${standin.baseURL}/?page=datasource`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await chooseSystem(page, /^Request Tracker/, 'Request');
  await expect(page.getByTestId('system-help')).toContainText('Auth Tokens');
  await page.getByLabel(/^URL/).fill(rt.url);
  await page.getByPlaceholder('Auth token').fill(rt.token);
  await page.getByLabel(/^TicketSQL scope/).fill("Queue = 'Ops'");
  await page.getByRole('radio', { name: 'A custom field' }).check({ force: true });
  await expect(page.getByLabel(/^Severity custom field/)).toHaveValue('Severity');

  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(`Connected to Request Tracker 5.`, { timeout: 60_000 });
  await expect(health).toContainText(
    /as spacetime; TicketSQL scope "Queue = 'Ops'" is valid; severity from custom field "Severity"; \d+ tickets updated in the last 7 days visible\./
  );
  await expect(page.locator('body')).not.toContainText(rt.token);

  // The first answers may come while the backfill is still loading (with a notice saying so): run the query
  // again until it is done.
  const frame = page.getByTestId('result-frame').first();
  await expect(async () => {
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(frame).toBeVisible({ timeout: 10_000 });
    expect(Number(await frame.getAttribute('data-rows'))).toBeGreaterThan(100);
    await expect(page.getByText(/Still loading tickets from Request Tracker/)).toHaveCount(0);
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'Ops', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('gridcell', { name: /^SEV[1-4]$/ }).first()).toBeVisible();
  await expect(page.getByTestId('query-error')).toHaveCount(0);

  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'Request Tracker data source editors');
  await page.screenshot({ path: 'docs/screenshots/datasource-rt.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a revoked auth token is refused by Save & test with a sentence that says what to fix', async ({ page }) => {
  await page.goto(`${standin.baseURL}/?page=datasource`);
  await chooseSystem(page, /^Request Tracker/, 'Request');
  await page.getByLabel(/^URL/).fill(rt.url);
  // The datasource saved by the test before holds a token: reset it to type another.
  const reset = page.getByRole('button', { name: 'Reset' });
  if (await reset.count()) {
    await reset.first().click();
  }
  await page.getByPlaceholder('Auth token').fill('1-35-00000000000000000000000000000bad');
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('health')).toContainText(
    'Request Tracker rejected the auth token (401): check the auth token in the datasource settings (RT: Logged in as → Settings → Auth Tokens); it may have been revoked.',
    { timeout: 60_000 }
  );
});
