import { type Page, expect, test } from '@playwright/test';

import { withScrollbars } from './support/browser';

// Find in the ticket table as an on-call engineer uses it: a search with a few matches far from the top, stepping
// through them, the current match marked and kept in the URL, and the match ticks on the scrollbar (shown here:
// headless Chromium hides scrollbars unless told not to).
test.use({ launchOptions: withScrollbars });

const SEARCH = 'inventory coupon';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search rows' });
const current = (page: Page) => page.locator('[data-row][data-current]');
const currentId = async (page: Page) => (await current(page).locator('[data-key=id]').innerText()).trim();
const grid = (page: Page) => page.getByTestId('spacetime-grid');
const scrollTop = (page: Page) => grid(page).evaluate((el) => el.scrollTop);

/** The ids of the rows wholly in view below the header. */
const idsInView = (page: Page) =>
  page.locator('[data-row]').evaluateAll((rows) => {
    const box = document.querySelector('[data-testid=spacetime-grid]')!.getBoundingClientRect();
    return rows
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top + 32 && b.bottom <= box.bottom;
      })
      .map((r) => r.querySelector('[data-key=id]')!.textContent!.trim());
  });

/** The ids of the rows that match, in display order, as the table lists them with non-matches hidden. */
async function matchingIds(page: Page): Promise<string[]> {
  const hide = page.getByRole('switch', { name: 'Hide non-matching' });
  await hide.click({ force: true });
  const ids = await page.locator('[data-row] [data-key=id]').allInnerTexts();
  await hide.click({ force: true });
  await expect(page.locator('[data-row][data-grayed]').first()).toBeAttached();
  return ids.map((s) => s.trim());
}

/** The current match is the ticket `id`, the only one marked, fully in view, and the count says which one it is. */
async function expectCurrent(page: Page, id: string, k: number, n: number) {
  await expect(page.getByTestId('spacetime-count')).toHaveText(`${k} of ${n} matches`);
  await expect(current(page)).toHaveCount(1);
  await expect(current(page).locator('[data-key=id]')).toHaveText(id);
  await expect(current(page)).toHaveAttribute('aria-current', 'true');
  // The row is wider than the grid (it scrolls sideways): its first cell tells whether it is wholly in view.
  await expect(current(page).locator('[data-c="0"]')).toBeInViewport({ ratio: 1 });
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.match')).toBe(id);
}

for (const theme of ['dark', 'light'] as const) {
  test(`Enter, F3, Shift+Enter and the buttons go to each match, marked, with ticks on the scrollbar (${theme} theme)`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/?frames=tickets-full&theme=${theme}`);
    await searchBox(page).fill(SEARCH);
    const ids = await matchingIds(page);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const n = ids.length;

    // None of the matches is in view at the top: the grid goes to the first one.
    await searchBox(page).fill('');
    await grid(page).evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => idsInView(page)).not.toContain(ids[0]);
    await searchBox(page).fill(SEARCH);
    await expectCurrent(page, ids[0], 1, n);

    await searchBox(page).press('Enter');
    await expectCurrent(page, ids[1], 2, n);
    // The current match looks the same in both themes: a bar and a frame in the primary colour.
    const look = await current(page).evaluate((el) => getComputedStyle(el).boxShadow);
    expect(look.replace(/rgba?\([^)]*\)\s*/g, '')).toBe('4px 0px 0px 0px inset, 0px 0px 0px 1px inset');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `docs/screenshots/panel-find-next-${theme}.png` });

    await page.keyboard.press('F3');
    await expectCurrent(page, ids[2], 3, n);
    await page.keyboard.press('Shift+Enter');
    await expectCurrent(page, ids[1], 2, n);
    await page.getByRole('button', { name: 'Previous match (Shift+Enter)' }).click();
    await expectCurrent(page, ids[0], 1, n);
    // Before the first: the last.
    await page.getByRole('button', { name: 'Previous match (Shift+Enter)' }).click();
    await expectCurrent(page, ids[n - 1], n, n);
    // F3 from a cell of the grid works too, and past the last comes the first.
    await current(page).locator('[data-key=status]').click();
    await page.keyboard.press('Escape'); // the cell menu, which gives the focus back to its cell
    await expect(current(page).locator('[data-key=status]')).toBeFocused();
    await page.keyboard.press('F3');
    await expectCurrent(page, ids[0], 1, n);
    await page.getByRole('button', { name: 'Next match (Enter)' }).click();
    await expectCurrent(page, ids[1], 2, n);

    // One tick per match on the scrollbar, where the match's row is in the grid's content.
    const ticks = page.getByTestId('spacetime-match-ticks');
    await expect(ticks).toHaveAttribute('data-ticks', String(n));
    const runs = await ticks.evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const x = Math.floor(canvas.width / 2);
      const px = ctx.getImageData(x, 0, 1, canvas.height).data;
      const found: number[] = [];
      for (let y = 0; y < canvas.height; y++) {
        if (px[y * 4 + 3] > 0 && (y === 0 || px[(y - 1) * 4 + 3] === 0)) {
          found.push(y / canvas.height);
        }
      }
      return found;
    });
    const rowCount = Number(await grid(page).getAttribute('aria-rowcount'));
    const positions: number[] = [];
    for (const id of ids) {
      await searchBox(page).press('Enter');
      const rowIndex = Number(await current(page).getAttribute('aria-rowindex'));
      positions[ids.indexOf(await currentId(page))] = rowIndex / rowCount;
      void id;
    }
    expect(runs).toHaveLength(n);
    for (let k = 0; k < n; k++) {
      // Within the arrow buttons at either end (a 15 px button in a 585 px bar) and a row's height.
      expect(Math.abs(runs[k] - positions[k])).toBeLessThan(0.06);
    }
    expect(errors).toEqual([]);
  });
}

test('a new search keeps the scroll position when a match is in view, and goes to the first match when none is', async ({
  page,
}) => {
  await page.goto('/?frames=tickets-full');
  await searchBox(page).fill(SEARCH);
  const ids = await matchingIds(page);
  await searchBox(page).fill('');

  // Scrolled to the middle: "inventory" has matches in view; the first of them becomes current, the view stays.
  await grid(page).evaluate((el) => (el.scrollTop = 1400));
  await expect.poll(() => scrollTop(page)).toBe(1400);
  await searchBox(page).fill('inventory');
  await expect(current(page).locator('[data-c="0"]')).toBeInViewport({ ratio: 1 });
  expect(await scrollTop(page)).toBe(1400);
  const inView = await page.locator('[data-row]:not([data-grayed])').evaluateAll((rows) => {
    const box = document.querySelector('[data-testid=spacetime-grid]')!.getBoundingClientRect();
    return rows
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top + 32 && b.bottom <= box.bottom;
      })
      .map((r) => Number(r.getAttribute('aria-rowindex')))
      .sort((a, b) => a - b);
  });
  expect(Number(await current(page).getAttribute('aria-rowindex'))).toBe(inView[0]);

  // Typing on: the current match still matches and is in view, so it stays.
  const before = await currentId(page);
  await searchBox(page).fill('inventory ');
  await expect(current(page).locator('[data-key=id]')).toHaveText(before);
  expect(await scrollTop(page)).toBe(1400);

  // Scrolled where no match of the search is: the grid goes to the first match.
  await searchBox(page).fill('');
  await grid(page).evaluate((el) => (el.scrollTop = 1960));
  await expect.poll(() => scrollTop(page)).toBe(1960);
  await searchBox(page).fill(SEARCH);
  await expectCurrent(page, ids[0], 1, ids.length);
  expect(await scrollTop(page)).not.toBe(1960);
});

test('the current match is in the URL with the search: a copied link opens on the same ticket', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  await searchBox(page).fill(SEARCH);
  const ids = await matchingIds(page);
  await searchBox(page).press('Enter');
  await searchBox(page).press('Enter');
  await expectCurrent(page, ids[2], 3, ids.length);
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.q')).toBe(SEARCH);

  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expectCurrent(page, ids[2], 3, ids.length);
  await expect(searchBox(page)).toHaveValue(SEARCH);

  // Clearing the search drops the match from the URL too.
  await searchBox(page).press('Escape');
  await expect.poll(() => new URL(page.url()).searchParams.get('tt1.match')).toBeNull();
  await expect(current(page)).toHaveCount(0);
});
