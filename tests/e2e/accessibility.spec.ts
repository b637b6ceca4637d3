import { type Page, expect, test } from '@playwright/test';

import { GRAFANA_TIME_PICKER, expectNoAxeViolations } from './support/axe';

// axe-core's WCAG 2.0/2.1 A and AA rules over the sandbox pages in each state a viewer brings the panel into; any
// violation fails. The datasource editors are scanned in datasource.spec.ts (they need the Grafana stand-in).

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search rows' });

for (const theme of ['dark', 'light'] as const) {
  test(`the ticket table passes axe: searching, cell menu, column filter, expanded row, menus (${theme} theme)`, async ({
    page,
  }) => {
    // Ten scans of a page with a few thousand elements: about 5 s each on a busy 2-core machine.
    test.setTimeout(180_000);
    await page.goto(`/?frames=tickets-full&theme=${theme}`);
    await expect(page.getByRole('grid')).toBeVisible();
    await expectNoAxeViolations(page, `panel (${theme})`);

    // A search: highlighted matches, grayed-out rows, the current match, the find buttons and the ticks.
    await searchBox(page).fill('inventory coupon');
    await expect(page.locator('[data-row][data-current]')).toBeVisible();
    await expectNoAxeViolations(page, `panel searching (${theme})`);

    const cell = page.locator('[data-row][data-current] [data-key=status]');
    await cell.click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectNoAxeViolations(page, `cell menu open (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);

    const header = page.getByRole('columnheader', { name: /^Service/ });
    await header.hover();
    await header.getByRole('button', { name: /^Filter Service/ }).click();
    await expect(page.getByRole('form', { name: 'Filter Service' })).toBeVisible();
    await expectNoAxeViolations(page, `column filter open (${theme})`);
    // Its primary button focused, as a keyboard user leaves it before pressing it.
    await page.getByRole('form', { name: 'Filter Service' }).getByLabel('inventory').check({ force: true });
    await page.getByRole('button', { name: 'Apply' }).focus();
    await expectNoAxeViolations(page, `column filter's Apply focused (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('form', { name: 'Filter Service' })).toHaveCount(0);

    await page.locator('[data-row][data-current]').getByRole('gridcell', { name: 'Expand row' }).click();
    await expect(page.getByTestId('spacetime-row-details')).toBeVisible();
    await expectNoAxeViolations(page, `expanded row (${theme})`);

    await page.getByRole('switch', { name: 'Hide non-matching' }).click({ force: true });
    await expect(page.locator('[data-row][data-grayed]')).toHaveCount(0);
    await expectNoAxeViolations(page, `non-matching rows hidden (${theme})`);

    await page.getByRole('button', { name: 'Columns' }).click();
    await expect(page.getByRole('list', { name: 'Columns' })).toBeVisible();
    await expectNoAxeViolations(page, `columns menu open (${theme})`);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Download shown rows' }).click();
    await expect(page.getByRole('menuitem', { name: /^CSV/ })).toBeVisible();
    await expectNoAxeViolations(page, `download menu open (${theme})`);
  });

  test(`the outage overview dashboard page passes axe (${theme} theme)`, async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1200 });
    await page.goto(`/?page=dashboard&theme=${theme}`);
    await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Tickets by service' }).getByTestId('donut-slice').first()
    ).toBeVisible();
    await expectNoAxeViolations(page, `dashboard (${theme})`, [GRAFANA_TIME_PICKER]);
  });

  test(`the operation chains dashboard page passes axe (${theme} theme)`, async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 1300 });
    await page.goto(`/?page=dashboard&dashboard=operation-chains&theme=${theme}`);
    await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Logs' })).toHaveValue('ClickHouse operation logs');
    await expectNoAxeViolations(page, `operation chains dashboard (${theme})`, [GRAFANA_TIME_PICKER]);
  });
}

test('a malformed frame and an empty one pass axe', async ({ page }) => {
  for (const frames of ['malformed', 'no-rows']) {
    await page.goto(`/?frames=${frames}`);
    await expect(page.getByTestId('sandbox')).toBeVisible();
    await expectNoAxeViolations(page, frames);
  }
});

test('a screen reader hears the result count and the current match (aria-live)', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const status = page.getByRole('status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveAttribute('aria-atomic', 'true');

  await searchBox(page).fill('inventory coupon');
  const current = page.locator('[data-row][data-current]');
  const name = async () =>
    `${(await current.locator('[data-key=id]').innerText()).trim()} ${(await current.locator('[data-key=title]').innerText()).trim()}`;
  const n = Number((await page.getByTestId('spacetime-count').innerText()).match(/of (\d+) matches/)![1]);
  await expect(status).toHaveText(`${n} of 120 rows match. Match 1: ${await name()}`);

  await searchBox(page).press('Enter');
  await expect(status).toHaveText(`Match 2 of ${n}: ${await name()}`);
  await searchBox(page).press('Shift+Enter');
  await searchBox(page).press('Shift+Enter');
  await expect(status).toHaveText(`Match ${n} of ${n}, from the bottom: ${await name()}`);

  // What Chromium hands a screen reader: a polite, atomic live region whose text is the announcement.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{
      nodeId: string;
      role?: { value: string };
      name?: { value: string };
      properties?: Array<{ name: string; value: { value: unknown } }>;
      childIds?: string[];
    }>;
  };
  const region = nodes.find((x) => x.role?.value === 'status');
  expect(region, 'a status node in the accessibility tree').toBeDefined();
  const prop = (name: string) => region!.properties?.find((p) => p.name === name)?.value.value;
  expect(prop('live')).toBe('polite');
  expect(prop('atomic')).toBe(true);
  const byId = new Map(nodes.map((x) => [x.nodeId, x]));
  const text = (id: string): string => {
    const node = byId.get(id);
    return node?.role?.value === 'StaticText' ? (node.name?.value ?? '') : (node?.childIds ?? []).map(text).join('');
  };
  expect(text(region!.nodeId).trim()).toBe(`Match ${n} of ${n}, from the bottom: ${await name()}`);

  // The grid's tab stop is on the current match: Tab from the search box, through the toolbar and past the column
  // headers' filter buttons (Grafana's Toggletip makes each a tab stop), lands on it.
  for (let i = 0; i < 30 && !(await page.evaluate(() => !!document.activeElement?.matches('[data-r]'))); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(current.locator('[data-key=id]')).toBeFocused();

  await searchBox(page).fill('no ticket says this');
  await expect(status).toHaveText('No matches in 120 rows');
  await searchBox(page).fill('');
  await expect(status).toHaveText('');
});
