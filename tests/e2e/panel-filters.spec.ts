import { type Page, expect, test } from '@playwright/test';

async function openFilter(page: Page, column: string) {
  const header = page.getByRole('columnheader', { name: new RegExp(`^${column}`) });
  await header.hover();
  await header.getByRole('button', { name: new RegExp(`^Filter ${column}`) }).click();
  return page.getByRole('form', { name: `Filter ${column}` });
}

test('value list with counts, OR within a column, AND across columns, negation, remove and clear all', async ({
  page,
}) => {
  await page.goto('/?frames=tickets-full');
  let form = await openFilter(page, 'Service');
  await expect(form.getByRole('group', { name: 'Service values' })).toContainText(/checkout\s*\d+/);
  await form.getByLabel('checkout').check({ force: true });
  await form.getByLabel('payments').check({ force: true });
  await form.getByRole('button', { name: 'Apply' }).click();
  const bar = page.getByRole('list', { name: 'Active filters' });
  await expect(bar).toContainText('Service is checkout or payments');
  const services = await page.locator('[data-row]').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
  expect(services.length).toBeGreaterThan(0);
  for (const s of services) {
    expect(s).toMatch(/checkout|payments/);
  }
  const bothCount = await page.getByTestId('spacetime-count').innerText();

  form = await openFilter(page, 'State');
  await form.getByLabel('closed').check({ force: true });
  await form.getByLabel('Exclude matching rows (negate)').check({ force: true });
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(bar).toContainText('State is not closed');
  await expect(page.locator('[data-row]').filter({ hasText: /\bclosed\b/ })).toHaveCount(0);

  await page.getByRole('button', { name: /^Remove filter: State/ }).click();
  await expect(page.getByTestId('spacetime-count')).toHaveText(bothCount);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId('spacetime-count')).toHaveText('120 rows');
});

test('contains, regex (with a helpful error) and numeric range', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  let form = await openFilter(page, 'Title');
  await form.getByRole('radio', { name: 'Contains' }).check({ force: true });
  await form.getByLabel('Contains text').fill('DISK');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Title contains "DISK"');
  for (const t of await page.locator('[data-row]').allInnerTexts()) {
    expect(t.toLowerCase()).toContain('disk');
  }

  form = await openFilter(page, 'Status');
  await form.getByRole('radio', { name: 'Regex' }).check({ force: true });
  await form.getByLabel('Regular expression').fill('In (');
  await expect(form).toContainText('invalid regex');
  await expect(form.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await form.getByLabel('Regular expression').fill('(?i)in progress|new');
  await form.getByRole('button', { name: 'Apply' }).click();
  for (const t of await page.locator('[data-row]').allInnerTexts()) {
    expect(t).toMatch(/In Progress|New/);
  }
  await page.getByRole('button', { name: 'Clear all' }).click();

  form = await openFilter(page, 'Impact');
  await form.getByRole('radio', { name: 'Range' }).check({ force: true });
  await form.getByLabel('Greater than').fill('100');
  await form.getByLabel('Less than').fill('1000');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Impact > 100 and < 1000');
  const impacts = await page
    .locator('[data-row]')
    .evaluateAll((rows) => rows.map((r) => Number(r.querySelector('[data-key=impact]')?.textContent)));
  expect(impacts.length).toBeGreaterThan(0);
  for (const v of impacts) {
    expect(v).toBeGreaterThan(100);
    expect(v).toBeLessThan(1000);
  }
});
