import { expect, test } from '@playwright/test';

test('search highlights matches, grays out the rest, counts, and can hide them', async ({ page }) => {
  await page.goto('/?frames=tickets');
  await expect(page.getByRole('grid')).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search rows' });
  await expect(search).toBeFocused();
  await page.keyboard.type('declines');
  const count = page.getByTestId('spacetime-count');
  await expect(count).toHaveText(/^1 of \d+ match(es)?$/);
  await expect(count).toHaveAttribute('title', /^\d+ of 40 rows match$/);
  const matches = Number((await count.getAttribute('title'))!.split(' ')[0]);
  expect(matches).toBeGreaterThan(0);
  expect(matches).toBeLessThan(40);
  // Matches are painted with the CSS Custom Highlight API: the highlight holds the matched text ranges.
  const highlighted = () =>
    page.evaluate(() =>
      [...(CSS.highlights.get('spacetime-search') ?? [])].map((r) =>
        (r.startContainer.nodeValue ?? '').slice(r.startOffset, r.endOffset)
      )
    );
  await expect.poll(async () => (await highlighted()).length).toBeGreaterThan(0);
  expect(new Set((await highlighted()).map((t) => t.toLowerCase()))).toEqual(new Set(['declines']));
  await expect(page.locator('[data-row][data-grayed]').first()).toBeVisible();
  const grid = page.getByRole('grid');
  await expect(grid).toHaveAttribute('aria-rowcount', '41');

  await page.getByRole('switch', { name: 'Hide non-matching' }).click({ force: true });
  await expect(grid).toHaveAttribute('aria-rowcount', String(matches + 1));
  await expect(page.locator('[data-row][data-grayed]')).toHaveCount(0);

  await search.fill('');
  await expect.poll(highlighted).toEqual([]);
});

test('quoted phrases and field:value terms', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  const search = page.getByRole('searchbox', { name: 'Search rows' });
  await search.fill('"disk full" service:inventory');
  await expect(page.getByTestId('spacetime-count')).toHaveAttribute('title', /^\d+ of 120 rows match$/);
  const hits = page.locator('[data-row]:not([data-grayed])');
  const n = await hits.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await expect(hits.nth(i)).toContainText('inventory: disk full');
  }
  await search.fill('"no such phrase anywhere"');
  await expect(page.getByTestId('spacetime-count')).toHaveText('No matches');
  await expect(page.getByTestId('spacetime-count')).toHaveAttribute('title', '0 of 120 rows match');
  await search.press('Escape');
  await expect(page.getByTestId('spacetime-count')).toHaveText('120 rows');
});
