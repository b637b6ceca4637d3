import { expect, test } from '@playwright/test';

for (const theme of ['dark', 'light'] as const) {
  test(`built panel renders the ticket frame (${theme} theme)`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`/?frames=tickets&theme=${theme}`);

    const table = page.getByTestId('spacetime-ticket-table');
    await expect(table).toBeVisible();
    await expect(table).toHaveAttribute('aria-label', 'Tickets: 40 rows');
    await expect(page.getByRole('columnheader', { name: 'ID' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Service' })).toBeVisible();
    await expect(page.getByRole('gridcell', { name: /checkout: / }).first()).toBeVisible();

    await page.screenshot({ path: `docs/screenshots/panel-smoke-${theme}.png` });
    expect(errors).toEqual([]);
  });
}

test('panel explains an empty result instead of rendering blank', async ({ page }) => {
  await page.goto('/?frames=empty');
  await expect(page.getByText('No tickets in this time range')).toBeVisible();
  await expect(page.getByTestId('spacetime-ticket-table')).toHaveCount(0);
});

test('sandbox names a missing frame file', async ({ page }) => {
  await page.goto('/?frames=no-such-frames');
  await expect(page.getByText('Could not fetch frames "no-such-frames": HTTP 404')).toBeVisible();
});
