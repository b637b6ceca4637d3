import { expect, test } from '@playwright/test';

test('sort, search, filters, column order and the expanded row live in the URL; reload and back/forward restore them', async ({
  page,
}) => {
  await page.goto('/?frames=tickets-full');
  const idHeader = page.getByRole('columnheader', { name: /^ID/ });
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click(); // asc
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.sort')).toBe('id');
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click(); // desc
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.sort')).toBe('-id');

  await page.getByRole('searchbox', { name: 'Search rows' }).fill('checkout');
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.q')).toBe('checkout');

  await page.locator('[data-row] [data-key=state]').first().click();
  await page.getByRole('menuitem', { name: 'Show only this value' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.f')).toContain('"key":"state"');

  await page.getByRole('columnheader', { name: /^Status/ }).focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.cols')).toMatch(/^id,title,status,severity,state/);

  const firstRow = page.locator('[data-row]').first();
  const firstId = (await firstRow.locator('[data-key=id]').innerText()).trim();
  await firstRow.getByRole('gridcell', { name: 'Expand row' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.row')).toBe(firstId);

  // Back undoes the expansion, then the column move; forward redoes them.
  await page.goBack();
  await expect(page.getByTestId('spacetime-row-details')).toHaveCount(0);
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.cols')).toBeNull();
  let keys = await page
    .getByRole('columnheader')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).filter(Boolean));
  expect(keys.slice(0, 4)).toEqual(['id', 'title', 'severity', 'status']);
  await page.goForward();
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.cols')).toMatch(/^id,title,status,severity,state/);
  keys = await page
    .getByRole('columnheader')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).filter(Boolean));
  expect(keys.slice(0, 4)).toEqual(['id', 'title', 'status', 'severity']);
  await page.goForward();
  await expect(page.getByTestId('spacetime-row-details')).toBeVisible();

  // A copied link reproduces the view.
  const link = page.url();
  const count = await page.getByTestId('spacetime-count').innerText();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('spacetime-count')).toHaveText(count);
  await expect(page.getByRole('searchbox', { name: 'Search rows' })).toHaveValue('checkout');
  await expect(page.getByRole('columnheader', { name: /^ID/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('spacetime-row-details')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('State is');
});
