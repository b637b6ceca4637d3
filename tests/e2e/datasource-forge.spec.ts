import { type Page, expect, test } from '@playwright/test';

import { expectNoAxeViolations } from './support/axe';
import { type ForgeReplay, GITHUB_TOKEN, GITLAB_TOKEN, startForgeReplay } from './support/forgeReplay';
import { type Standin, startStandin } from './support/grafanaStandin';
import { leaveGrafanasButtons } from './support/leaveButtons';
import { chooseSystem } from './support/systemPicker';

// A new datasource configured as GitHub (an Enterprise Server organisation) and as GitLab (a group) through the
// real config editor, against the replays (tests/forge-replay/cmd) and the built plugin executable behind the
// grafana-standin: Save & test, a tickets query shown in the ticket table. Ports follow SANDBOX_PORT.

const base = Number(process.env.SANDBOX_PORT ?? 3100);
let standin: Standin;
let github: ForgeReplay;
let gitlab: ForgeReplay;

test.beforeAll(async ({}, testInfo) => {
  const sandbox = String(testInfo.project.use.baseURL ?? `http://127.0.0.1:${base}`);
  github = await startForgeReplay(base + 121, 'github');
  gitlab = await startForgeReplay(base + 122, 'gitlab');
  standin = await startStandin(base + 120, sandbox);
});

test.afterAll(() => {
  standin?.stop();
  github?.stop();
  gitlab?.stop();
});

test.describe.configure({ mode: 'serial' });

async function choose(page: Page, system: RegExp, url: string, tokenPlaceholder: string, token: string) {
  await page.goto(`${standin.baseURL}/?page=datasource`);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await chooseSystem(page, system, system.source.replace(/^\^/, ''));
  await page.getByLabel(/^URL/).fill(url);
  const reset = page.getByRole('button', { name: 'Reset' });
  if (await reset.count()) {
    await reset.first().click();
  }
  await page.getByPlaceholder(tokenPlaceholder).fill(token);
}

async function runQuery(page: Page, id: RegExp) {
  await page.getByRole('button', { name: 'Run query' }).click();
  const frame = page.getByTestId('result-frame').first();
  await expect(frame).toBeVisible({ timeout: 60_000 });
  expect(Number(await frame.getAttribute('data-rows'))).toBeGreaterThan(100);
  await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
  await expect(page.getByRole('gridcell', { name: id }).first()).toBeVisible();
  await expect(page.getByTestId('query-error')).toHaveCount(0);
}

test('configure GitHub (a whole organisation on Enterprise Server), save & test, run a tickets query', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await choose(page, /^GitHub/, github.url, 'Token', GITHUB_TOKEN);
  await expect(page.getByTestId('system-help')).toContainText('fine-grained personal access token');
  await page.getByRole('radio', { name: 'Whole organisation' }).check({ force: true });
  await page.getByLabel(/^Organisation/).fill('acme');
  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(
    `Connected to GitHub at ${github.url}/api/v3 as spacetime-bot; 3 repositories with issues in organisation acme (1 archived: read once, not polled)`,
    { timeout: 30_000 }
  );
  await expect(health).toContainText(/polling every 1 min costs 120 requests an hour of the 5000/);
  await expect(page.locator('body')).not.toContainText(GITHUB_TOKEN);
  await runQuery(page, /^acme\/(shop|payments)#\d+$/);

  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'GitHub data source editors');
  await page.screenshot({ path: 'docs/screenshots/datasource-github.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('configure GitLab (a group), save & test, run a tickets query', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await choose(page, /^GitLab/, gitlab.url, 'Access token', GITLAB_TOKEN);
  await page.getByLabel(/^Groups/).fill('acme');
  await page.getByRole('button', { name: 'Save & test' }).click();
  const health = page.getByTestId('health');
  await expect(health).toContainText(`Connected to GitLab at ${gitlab.url} as spacetime-bot; reading acme;`, {
    timeout: 30_000,
  });
  await expect(health).toContainText(
    /\d+ issues updated in the last 7 days; polling every 1 min costs 1 request a minute/
  );
  await expect(page.locator('body')).not.toContainText(GITLAB_TOKEN);
  await runQuery(page, /^acme\/shop#\d+$/);

  await leaveGrafanasButtons(page);
  await expectNoAxeViolations(page, 'GitLab data source editors');
  await page.screenshot({ path: 'docs/screenshots/datasource-gitlab.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a wrong GitLab token is refused by Save & test with a sentence that says what to fix', async ({ page }) => {
  await choose(page, /^GitLab/, gitlab.url, 'Access token', 'glpat-wrong');
  await page.getByLabel(/^Groups/).fill('acme');
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('health')).toContainText(
    'GitLab rejected the access token (401): check the access token in the datasource settings (it needs the read_api scope and may have expired).',
    { timeout: 30_000 }
  );
});
