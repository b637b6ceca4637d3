import { readFileSync } from 'fs';
import { expect, test } from '@playwright/test';

test('downloads CSV and TSV of exactly the shown rows and columns, in the shown order', async ({ page }) => {
  await page.goto('/?frames=tickets-full');
  // Sort by ID descending, filter to checkout, search "502", and hide all but three columns in a new order.
  await page.getByRole('searchbox', { name: 'Search rows' }).fill('service:checkout');
  const idHeader = page.getByRole('columnheader', { name: /^ID/ });
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click();
  await idHeader.getByRole('button', { name: 'ID', exact: true }).click();
  await page.getByRole('button', { name: 'Columns' }).click();
  const list = page.getByRole('list', { name: 'Columns' });
  for (const name of ['Status', 'State', 'Region', 'Impact', 'Opened', 'Updated', 'Resolved']) {
    await list.getByRole('checkbox', { name, exact: true }).uncheck({ force: true });
  }
  await list.getByRole('button', { name: 'Move Service up' }).click();
  await page.keyboard.press('Escape');
  const matchText = (await page.getByTestId('spacetime-count').getAttribute('title'))!;
  const matches = Number(matchText.split(' ')[0]);

  await page.getByRole('button', { name: 'Download shown rows' }).click();
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: /^CSV/ }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe('tickets.csv');
  const csvText = readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, '');
  const lines = csvText.trimEnd().split('\r\n');
  expect(lines[0]).toBe('ID,Title,Service,Severity');
  expect(lines).toHaveLength(matches + 1);
  const ids = lines.slice(1).map((l) => Number(l.split(',')[0]));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  for (const l of lines.slice(1)) {
    expect(l.split(',')[2]).toBe('checkout');
  }

  await page.getByRole('button', { name: 'Download shown rows' }).click();
  const [tsv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: /^TSV/ }).click(),
  ]);
  const tsvLines = readFileSync((await tsv.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(tsvLines[0]).toBe('ID\tTitle\tService\tSeverity');
  expect(tsvLines).toHaveLength(matches + 1);
});
