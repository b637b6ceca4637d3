import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './support/axe';
import { type Standin, startStandin } from './support/grafanaStandin';
import { leaveGrafanasButtons } from './support/leaveButtons';
import { JIRA_API_TOKEN, JIRA_EMAIL, type JiraReplay, startJiraReplay } from './support/jiraReplay';
import { chooseSystem } from './support/systemPicker';

// A new datasource configured as Jira Cloud through the real config editor, against the replayed Jira Cloud
// (tests/jira-replay/cmd) and the built plugin executable behind the grafana-standin: Save & test, "Fields
// from Jira", a tickets query shown in the ticket table. Ports follow SANDBOX_PORT so parallel runs do not meet.

const base = Number(process.env.SANDBOX_PORT ?? 3100);
let standin: Standin;
let jira: JiraReplay;

test.beforeAll(async ({}, testInfo) => {
  const sandbox = String(testInfo.project.use.baseURL ?? `http://127.0.0.1:${base}`);
  jira = await startJiraReplay(base + 111, 'cloud');
  standin = await startStandin(base + 110, sandbox);
});

test.afterAll(() => {
  standin?.stop();
  jira?.stop();
});

test.describe.configure({ mode: 'serial' });

async function configureJiraCloud(page: Page, token: string) {
  await page.goto(`${standin.baseURL}/?page=datasource`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await chooseSystem(page, /^Jira Cloud/, 'Jira');
  await expect(page.getByTestId('system-help')).toContainText('id.atlassian.com');
  await page.getByLabel(/^URL/).fill(jira.url);
  await page.getByLabel(/^Email/).fill(JIRA_EMAIL);
  const reset = page.getByRole('button', { name: 'Reset' });
  if (await reset.count()) {
    await reset.first().click();
  }
  await page.getByPlaceholder('API token').fill(token);
}

test('configure Jira Cloud through the editor, save & test, choose fields from Jira, run a tickets query', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await configureJiraCloud(page, JIRA_API_TOKEN);
  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(
    `Connected to Jira Cloud at ${jira.url} as Alice Example (JQL dates in Australia/Adelaide)`,
    {
      timeout: 30_000,
    }
  );
  await expect(health).toContainText(/; \d+ issues updated in the last 7 days visible\./);
  await expect(page.locator('body')).not.toContainText(JIRA_API_TOKEN);

  // The saved datasource lists the site's custom fields; Service becomes a dimension.
  await page.getByRole('button', { name: 'Fields from Jira', exact: true }).click();
  const fields = page.getByRole('group', { name: 'Custom fields of the Jira site' });
  await fields.getByRole('checkbox', { name: /^Service customfield/ }).check({ force: true });
  await expect(page.getByLabel('Custom field 1 key')).toHaveValue('service');
  await page.getByLabel(/^JQL scope/).fill('project in (OPS, SHOP)');
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(health).toContainText(
    'JQL scope "project in (OPS, SHOP)" is valid; 6 issues updated in the last 7 days visible.',
    { timeout: 30_000 }
  );

  await page.getByRole('button', { name: 'Run query' }).click();
  const frame = page.getByTestId('result-frame').first();
  await expect(frame).toBeVisible({ timeout: 60_000 });
  await expect(frame).toHaveAttribute('data-rows', '6');
  await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'OPS-1', exact: true })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'checkout', exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('query-error')).toHaveCount(0);

  // The Jira settings with the site's field list open, Save & test, and the query's tickets, as axe-core sees them.
  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'Jira Cloud data source editors');
  await page.screenshot({ path: 'docs/screenshots/datasource-jira-cloud.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a wrong Jira API token is refused by Save & test with a sentence that says what to fix', async ({ page }) => {
  await configureJiraCloud(page, 'not-the-token');
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('health')).toContainText(
    'Jira Cloud rejected the email and API token (401): check the email and the API token (id.atlassian.com → Security → API tokens) in the datasource settings.',
    { timeout: 30_000 }
  );
});
