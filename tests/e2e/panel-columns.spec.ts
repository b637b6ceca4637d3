import { type Page, expect, test } from '@playwright/test';

// After the header is there: read at once after a page load, the list could be empty.
const headers = async (page: Page) => {
  await expect(page.getByRole('columnheader').first()).toBeVisible();
  return page
    .getByRole('columnheader')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).filter(Boolean));
};

test('reorders columns by drag and by keyboard, hides and shows them, and resets to the panel defaults', async ({
  page,
}) => {
  await page.goto('/?frames=tickets-full');
  const start = await headers(page);
  expect(start.slice(0, 3)).toEqual(['id', 'title', 'severity']);

  // Drag Status onto Title's place.
  await page.getByRole('columnheader', { name: /^Status/ }).dragTo(page.getByRole('columnheader', { name: /^Title/ }));
  expect((await headers(page)).slice(0, 3)).toEqual(['id', 'status', 'title']);

  // Keyboard: focus the ID header, Alt+ArrowRight moves it right.
  await page.getByRole('columnheader', { name: /^ID/ }).focus();
  await page.keyboard.press('Alt+ArrowRight');
  expect((await headers(page)).slice(0, 3)).toEqual(['status', 'id', 'title']);
  await expect(page.getByRole('columnheader', { name: /^ID/ })).toBeFocused();

  // Hide Region, show Description.
  await page.getByRole('button', { name: 'Columns' }).click();
  const list = page.getByRole('list', { name: 'Columns' });
  await list.getByRole('checkbox', { name: 'Region' }).uncheck({ force: true });
  await list.getByRole('checkbox', { name: 'Description' }).check({ force: true });
  let now = await headers(page);
  expect(now).not.toContain('region');
  expect(now).toContain('description');

  await page.getByRole('button', { name: 'Reset to panel defaults' }).click();
  now = await headers(page);
  expect(now).toEqual(start);
});

test('panel options set the default order and hidden columns', async ({ page }) => {
  const options = { columnOrder: 'severity,title', hiddenColumns: 'url,description,impact' };
  await page.goto(`/?frames=tickets-full&options=${encodeURIComponent(JSON.stringify(options))}`);
  const keys = await headers(page);
  expect(keys.slice(0, 3)).toEqual(['severity', 'title', 'id']);
  expect(keys).not.toContain('impact');
});
