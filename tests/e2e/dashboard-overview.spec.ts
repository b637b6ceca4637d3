import { readFileSync } from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';

// The provisioned "Tickets — outage overview" dashboard in the sandbox (?page=dashboard): its panels on Grafana's grid,
// drawn with @grafana/ui from the frames the dashboards test dumped from the built backend against the outage
// scenario in Redmine (sandbox/frames/dashboards/outage-overview/).

const repo = path.resolve(__dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(path.join(repo, 'src/dashboards/outage-overview.json'), 'utf8')) as {
  title: string;
  panels: Array<{ type: string; title: string }>;
};
const dump = JSON.parse(
  readFileSync(path.join(repo, 'sandbox/frames/dashboards/outage-overview/panel-2.json'), 'utf8')
) as { from: number; to: number };

/** As Grafana's time picker shows an absolute range in UTC. */
const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');

test.use({ viewport: { width: 1600, height: 1200 } });

for (const theme of ['dark', 'light'] as const) {
  test(`outage overview dashboard from the backend's frames (${theme} theme)`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/?page=dashboard&theme=${theme}`);

    await expect(page.getByRole('heading', { name: dashboard.title })).toBeVisible();
    await expect(page.getByText(`${utc(dump.from)} to ${utc(dump.to)}`)).toBeVisible();
    for (const label of ['Filters', 'Search']) {
      await expect(page.getByRole('textbox', { name: label })).toBeVisible();
    }

    // Every panel, with its title: rows as collapsible headers, the others in their panel chrome.
    for (const p of dashboard.panels) {
      const panel =
        p.type === 'row'
          ? page.getByRole('button', { name: p.title })
          : page.getByRole('region', { name: p.title, exact: true });
      await expect(panel, `${p.type} panel "${p.title}"`).toBeVisible();
    }

    // The time series: stacked bars per severity on a uPlot canvas, the legend with each severity's total.
    const series = page.getByRole('region', { name: 'Tickets opened, by severity' });
    await expect(series.locator('canvas').first()).toBeVisible();
    for (const severity of ['Low', 'Normal', 'High', 'Urgent', 'Immediate']) {
      await expect(series.getByText(severity, { exact: true })).toBeVisible();
    }
    await expect(series.getByText(/^Total: /).first()).toBeVisible();

    // The stats show numbers; the change is a percentage, the last hour a rate and its baseline.
    for (const title of ['Opened', 'Open now']) {
      await expect(page.getByRole('region', { name: title, exact: true })).toContainText(/\d+$/);
    }
    await expect(page.getByRole('region', { name: 'Last hour', exact: true })).toContainText(
      /Rate\s*\d+ \/h\s*Baseline\s*\d+ \/h/
    );
    await expect(page.getByRole('region', { name: 'vs previous hour', exact: true })).toContainText(/\d+%/);

    // The outage's service leads the service donut (its largest slice and its legend's first entry) and the top services.
    const services = page.getByRole('region', { name: 'Tickets by service' });
    await expect(services.getByTestId('donut-slice').first()).toHaveAttribute('aria-label', /^checkout: \d+$/);
    await expect(services.locator('table tbody tr').first()).toContainText(/checkout\s*\d+\s*\d+%/);
    await expect(page.getByRole('region', { name: 'Top services by tickets' })).toContainText(
      /^Top services by tickets\s*checkout/
    );

    // What changed: the outage's service first, its excess bar then its lift bar (the lift has its own scale, its
    // own axis in Grafana's bar chart), then its region.
    await expect(page.getByRole('region', { name: 'What changed', exact: true })).toContainText(
      /^What changed\s*service=checkout\s*[\d,]+\s*\d+(\.\d+)?\s*×\s*region=EMEA\s*[\d,]+\s*\d+(\.\d+)?\s*×/
    );

    // The ticket table is our panel, with the backend's tickets.
    const table = page.getByTestId('spacetime-ticket-table');
    await expect(table).toHaveAttribute('aria-label', /^Tickets: \d+ rows$/);
    await expect(page.getByRole('gridcell', { name: /checkout/ }).first()).toBeVisible();

    await page.mouse.move(0, 0);
    await page.screenshot({ path: `docs/screenshots/dashboard-overview-${theme}.png` });
    expect(errors).toEqual([]);
  });
}

test('a row collapses its panels and the ones below move up', async ({ page }) => {
  await page.goto('/?page=dashboard');
  const row = page.getByRole('button', { name: 'Where and since when' });
  const next = page.getByRole('button', { name: 'Which tickets' });
  const before = (await next.boundingBox())!.y;
  await row.click();
  await expect(row).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('(11 panels)')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Tickets by service' })).toHaveCount(0);
  expect((await next.boundingBox())!.y).toBeLessThan(before - 500);
  await expect(page.getByTestId('spacetime-ticket-table')).toBeVisible();
  await row.click();
  await expect(page.getByRole('region', { name: 'Tickets by service' })).toBeVisible();
});

test('hovering the time series shows the bucket per severity', async ({ page }) => {
  await page.goto('/?page=dashboard');
  const canvas = page.getByRole('region', { name: 'Tickets opened, by severity' }).locator('canvas').first();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
  await expect(page.getByLabel('Timestamp')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const rows = page.getByTestId('SeriesTableRow');
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'Immediate' })).toContainText(/Immediate\s*\d+/);
});

test("the table's search is the dashboard's Search variable (the panel's searchVariable option)", async ({ page }) => {
  await page.goto('/?page=dashboard');
  await page.getByRole('searchbox', { name: 'Search rows' }).fill('EMEA');
  await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue('EMEA');
  expect(new URL(page.url()).searchParams.get('var-search')).toBe('EMEA');
});
