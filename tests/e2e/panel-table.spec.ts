import { expect, test } from '@playwright/test';

test('virtualizes 100,000 rows: few rows in the DOM, the last row reachable, header sticky', async ({ page }) => {
  await page.goto('/?frames=generated-100000');
  const grid = page.getByRole('grid');
  await expect(page.getByTestId('spacetime-count')).toHaveText('100,000 rows');
  await expect(grid).toHaveAttribute('aria-rowcount', '100001');
  const domRows = await page.locator('[data-row]').count();
  expect(domRows).toBeGreaterThan(10);
  expect(domRows).toBeLessThan(80);
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByRole('gridcell', { name: '199999', exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /ID/ })).toBeInViewport();
});

test('sorts by a click, cycles direction, and multi-sorts with shift', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const idHeader = page.getByRole('columnheader', { name: /^ID/ });
  const firstId = () => page.locator('[data-row]').first().locator('[role=gridcell]').nth(1).innerText();
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await firstId()).toBe('2000');
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await firstId()).toBe('2119');

  // Severity sorts by its value mappings' order (Low < … < Immediate), then shift adds ID as second key.
  const sev = page.getByRole('columnheader', { name: /^Severity/ });
  await sev.getByRole('button', { name: 'Severity', exact: true }).click();
  await sev.getByRole('button', { name: 'Severity', exact: true }).click();
  await expect(sev).toHaveAttribute('aria-sort', 'descending');
  await expect(idHeader).toHaveAttribute('aria-sort', 'none');
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click({ modifiers: ['Shift'] });
  await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(sev).toHaveAttribute('aria-sort', 'descending');
  const firstRow = page.locator('[data-row]').first();
  await expect(firstRow.getByRole('gridcell').nth(3)).toHaveText('Immediate');
});

test('resizes a column by dragging its edge, and keeps the width in the URL', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const header = page.getByRole('columnheader', { name: /^Status/ });
  const before = (await header.boundingBox())!.width;
  const handle = page.getByRole('separator', { name: 'Resize Status' });
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = (await header.boundingBox())!.width;
  expect(after).toBeGreaterThan(before + 60);

  // The width lives in the URL: a copied link (or a reload) keeps it, and "Reset to panel defaults" drops it.
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.w')).toBe(`status:${Math.round(after)}`);
  await page.reload();
  await expect.poll(async () => Math.round((await header.boundingBox())!.width)).toBe(Math.round(after));
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Reset to panel defaults' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.w')).toBeNull();
  await expect.poll(async () => Math.round((await header.boundingBox())!.width)).toBe(Math.round(before));
});

test('colours severity from value mappings and links the ID through the field links', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const row = page.locator('[data-row="0"]');
  await expect(row.getByRole('link', { name: '2000' })).toHaveAttribute(
    'href',
    'https://redmine.example.com/issues/2000'
  );
  const dot = row.locator('span[aria-hidden]').first();
  const colour = await dot.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(colour).not.toBe('rgba(0, 0, 0, 0)');
});
