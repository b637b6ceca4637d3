import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './support/axe';
import { type Standin, startStandin } from './support/grafanaStandin';
import { leaveGrafanasButtons } from './support/leaveButtons';
import {
  PAGERDUTY_KEY,
  SNOW_PASSWORD,
  SNOW_USER,
  type SaasReplay,
  startSaasReplay,
  ZENDESK_TOKEN,
  ZENDESK_USER,
} from './support/saasReplay';
import { chooseSystem } from './support/systemPicker';

// New datasources configured through the real config editor against replayed ServiceNow, PagerDuty and Zendesk
// (tests/saas-replay/cmd) and the built plugin executable behind the grafana-standin: Save & test for each, and the
// JSON API's preset and "Test mapping". Ports follow SANDBOX_PORT so parallel runs do not meet.

const base = Number(process.env.SANDBOX_PORT ?? 3100);
let standin: Standin;
const replays: Record<string, SaasReplay> = {};

test.beforeAll(async ({}, testInfo) => {
  const sandbox = String(testInfo.project.use.baseURL ?? `http://127.0.0.1:${base}`);
  replays.zendesk = await startSaasReplay(base + 121, 'zendesk');
  replays.servicenow = await startSaasReplay(base + 122, 'servicenow');
  replays.pagerduty = await startSaasReplay(base + 123, 'pagerduty');
  standin = await startStandin(base + 120, sandbox);
});

test.afterAll(() => {
  standin?.stop();
  Object.values(replays).forEach((r) => r.stop());
});

test.describe.configure({ mode: 'serial' });

async function openWithSystem(page: Page, name: RegExp) {
  await page.goto(`${standin.baseURL}/?page=datasource`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await chooseSystem(page, name, name.source.replace(/^\^/, '').split(' ')[0]);
}

async function fillSecret(page: Page, placeholder: string, value: string) {
  const reset = page.getByRole('button', { name: 'Reset' });
  if (await reset.count()) {
    await reset.first().click();
  }
  await page.getByPlaceholder(placeholder, { exact: true }).fill(value);
}

test('a JSON API from the Zendesk preset: Save & test, then Test mapping shows the first tickets as mapped', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openWithSystem(page, /^JSON API/);
  await page.getByRole('combobox', { name: /Preset/ }).click();
  await page.getByRole('option', { name: /^Zendesk/ }).click();
  await expect(page.getByLabel(/^URL template/)).toHaveValue(
    /incremental\/tickets\/cursor\.json\?start_time=\{since\}/
  );
  await page.getByLabel(/^URL/, { exact: false }).first().fill(replays.zendesk.url);
  await page.getByLabel(/^User name/).fill(ZENDESK_USER);
  await fillSecret(page, 'Password', ZENDESK_TOKEN);

  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(
    `Connected to the JSON API at ${replays.zendesk.url}; the first page for the last 7 days held`,
    {
      timeout: 30_000,
    }
  );

  await page.getByRole('button', { name: 'Test mapping' }).click();
  const report = page.getByTestId('test-mapping-report');
  await expect(report).toContainText(/The first page held \d+ records/, { timeout: 30_000 });
  await expect(report.getByRole('table')).toContainText('Generated ticket 100');
  // The generated tickets' every third region is null: named with the ticket and the path.
  await expect(report).toContainText('service (custom_fields.#(id==360001).value) has no value');
  await expect(page.locator('body')).not.toContainText(ZENDESK_TOKEN);

  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'JSON API data source editor with Test mapping');
  await report.screenshot({ path: 'docs/screenshots/datasource-json-api-test-mapping.png' });
  expect(errors).toEqual([]);
});

test('ServiceNow with user name and password: Save & test says the table, the count and where deletions come from', async ({
  page,
}) => {
  await openWithSystem(page, /^ServiceNow/);
  await page.getByLabel(/^URL/).first().fill(replays.servicenow.url);
  await page.locator('#spacetime-snow-username').fill(SNOW_USER);
  await fillSecret(page, 'Password', SNOW_PASSWORD);
  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(
    `Connected to ServiceNow at ${replays.servicenow.url} as admin (table incident, times in UTC)`,
    {
      timeout: 30_000,
    }
  );
  await expect(health).toContainText('deletions are read from sys_audit_delete.');
  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'ServiceNow data source editor');
});

test('PagerDuty with an API key: Save & test says the region, the user and the count', async ({ page }) => {
  await openWithSystem(page, /^PagerDuty/);
  await page.getByLabel(/^URL/).first().fill(replays.pagerduty.url);
  await fillSecret(page, 'API key', PAGERDUTY_KEY);
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('health')).toContainText(
    `Connected to PagerDuty at ${replays.pagerduty.url} (US service region) as Alice Example; every service and team the key sees;`,
    { timeout: 30_000 }
  );
  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'PagerDuty data source editor');
});
