import { expect, test } from '@playwright/test';

test('expands a row into all fields, the readable description and the link out, in view when scrolled sideways', async ({
  page,
}) => {
  await page.goto('/?frames=tickets-full');
  const expander = page.locator('[data-row="3"]').getByRole('gridcell', { name: 'Expand row' });
  await expander.click();
  const details = page.getByTestId('spacetime-row-details');
  await expect(details).toBeVisible();
  await expect(page.locator('[data-row="3"]').getByRole('gridcell', { name: 'Collapse row' })).toHaveAttribute(
    'aria-expanded',
    'true'
  );
  const description = page.getByTestId('spacetime-row-description');
  await expect(description).toBeVisible();
  expect(await description.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  for (const name of ['ID', 'Severity', 'Status', 'Service', 'Region', 'Opened', 'URL']) {
    await expect(details.locator('dt', { hasText: new RegExp(`^${name}$`) })).toHaveCount(1);
  }
  await expect(details.getByRole('link', { name: 'Open ticket' })).toHaveAttribute(
    'href',
    'https://redmine.example.com/issues/2003'
  );
  // The next row moves below the details instead of under them.
  const detailsBox = (await page.getByTestId('spacetime-details-row').boundingBox())!;
  const nextBox = (await page.locator('[data-row="4"]').boundingBox())!;
  expect(nextBox.y).toBeGreaterThanOrEqual(detailsBox.y + detailsBox.height - 1);

  // Scrolled sideways, the rows move but the details stay in view under the expanded row.
  const grid = page.getByRole('grid');
  await expect.poll(() => grid.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(200);
  const rowX = (await page.locator('[data-row="3"]').boundingBox())!.x;
  const scrolled = await grid.evaluate((el) => {
    el.scrollLeft = 200;
    return el.scrollLeft;
  });
  expect(scrolled).toBe(200);
  await expect.poll(async () => (await page.locator('[data-row="3"]').boundingBox())!.x).toBeLessThan(rowX - 150);
  const gridBox = (await grid.boundingBox())!;
  const bodyBox = (await details.boundingBox())!;
  expect(Math.abs(bodyBox.x - gridBox.x)).toBeLessThan(48);
  await expect(details.getByRole('button', { name: 'Close details' })).toBeInViewport();

  await page.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toHaveCount(0);
});
