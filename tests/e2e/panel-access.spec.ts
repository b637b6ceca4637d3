import { expect, test } from '@playwright/test';

test('grid roles and keyboard navigation: arrows, Home/End, Enter sorts, Space expands', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const grid = page.getByRole('grid');
  await expect(grid).toHaveAttribute('aria-colcount', /\d+/);
  await expect(page.getByRole('row').first()).toHaveAttribute('aria-rowindex', '1');

  await page.getByRole('searchbox', { name: 'Search rows' }).focus();
  // Tab goes through the toolbar into the grid's one tab stop (the first column header).
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('columnheader', { name: /^ID/ }).evaluate((el) => el === document.activeElement)) {
      break;
    }
  }
  await expect(page.getByRole('columnheader', { name: /^ID/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /^ID/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-r="0"][data-c="1"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-r="0"][data-c="2"]')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator('[data-r="0"][data-c="0"]')).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('spacetime-row-details')).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('spacetime-row-details')).toHaveCount(0);
  await page.keyboard.press('PageDown');
  const r = Number(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.r));
  expect(r).toBeGreaterThan(5);
  await page.keyboard.press('Control+End');
  await expect(page.locator('[data-r="119"]').last()).toBeFocused();
  await expect(page.locator('[data-r="119"]').last()).toBeInViewport();
});

test('a malformed frame explains itself instead of rendering blank', async ({ page }) => {
  await page.goto('/?frames=malformed');
  const alert = page.getByTestId('spacetime-frame-problem');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('different lengths');
});

test('a frame without rows says so, with the header still there', async ({ page }) => {
  await page.goto('/?frames=no-rows');
  await expect(page.getByText('The query returned no rows.')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /^id/ })).toBeVisible();
});

test('reduced motion: no transitions on rows', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/?frames=tickets-full');
  const duration = await page.locator('[data-row="0"]').evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(duration).toBe('0s');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.reload();
  const animated = await page.locator('[data-row="0"]').evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(animated).not.toBe('0s');
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots in the ${theme} theme`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/?frames=tickets-full&theme=${theme}`);
    await page.getByRole('searchbox', { name: 'Search rows' }).fill('upstream');
    await page.locator('[data-row="1"]').getByRole('gridcell', { name: 'Expand row' }).click();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `docs/screenshots/panel-search-details-${theme}.png` });

    await page.getByRole('searchbox', { name: 'Search rows' }).fill('');
    await page.getByRole('button', { name: 'Close details' }).click();
    const header = page.getByRole('columnheader', { name: /^Service/ });
    await header.hover();
    await header.getByRole('button', { name: /^Filter Service/ }).click();
    const form = page.getByRole('form', { name: 'Filter Service' });
    await form.getByLabel('checkout').check({ force: true });
    await page.screenshot({ path: `docs/screenshots/panel-column-filter-${theme}.png` });
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.locator('[data-row]').first().locator('[data-key=region]').click();
    await page.screenshot({ path: `docs/screenshots/panel-cell-menu-${theme}.png` });
    await page.keyboard.press('Escape');

    await page.goto(`/?frames=malformed&theme=${theme}`);
    await page.screenshot({ path: `docs/screenshots/panel-malformed-${theme}.png` });
    expect(errors).toEqual([]);
  });
}
