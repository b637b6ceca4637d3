import { expect, test } from '@playwright/test';

interface SandboxEvent {
  type: string;
  payload: unknown;
}

const events = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { sandboxEvents?: SandboxEvent[] }).sandboxEvents ?? []);

test('cell menu adds dashboard ad hoc filters: filter for and filter out', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const cell = page.locator('[data-row="0"] [data-key=service]');
  const value = await cell.innerText();
  await cell.click();
  await page.getByRole('menuitem', { name: 'Filter for value (dashboard)' }).click();
  await page.locator('[data-row="0"] [data-key=severity]').click();
  const severity = await page.locator('[data-row="0"] [data-key=severity]').innerText();
  await page.getByRole('menuitem', { name: 'Filter out value (dashboard)' }).click();
  expect(await events(page)).toEqual([
    { type: 'adHocFilter', payload: { key: 'service', value, operator: '=' } },
    { type: 'adHocFilter', payload: { key: 'severity', value: severity.trim(), operator: '!=' } },
  ]);
});

test('keyboard: Enter on a cell opens its menu; the menu can also filter the table itself', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const cell = page.locator('[data-row="0"] [data-key=region]');
  const value = (await cell.innerText()).trim();
  await cell.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Show only this value' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText(`Region is ${value || '(empty)'}`);
  expect(await events(page)).toEqual([]);
});

test('search text goes to a dashboard textbox variable when the option names one', async ({ page }) => {
  await page.goto(`/?frames=tickets-full&options=${encodeURIComponent(JSON.stringify({ searchVariable: 'q' }))}`);
  await page.getByRole('searchbox', { name: 'Search rows' }).fill('checkout 502');
  await expect.poll(() => new URL(page.url()).searchParams.get('var-q')).toBe('checkout 502');
});
