import { readFileSync } from 'fs';
import path from 'path';
import { expect, test } from '@playwright/test';

// The provisioned "Operation chains" dashboard in the sandbox, drawn from the frames the built backend returned
// for its queries against the real ClickHouse cluster (tests/clickhouse TestOperationChainsDashboard with
// SPACETIME_DUMP_FRAMES; sandbox/frames/dashboards/operation-chains/). Grafana's Node graph and trace view are
// core Grafana panels, not @grafana/ui components: the sandbox draws sketches of their frames instead.

const repo = path.resolve(__dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(path.join(repo, 'src/dashboards/operation-chains.json'), 'utf8')) as {
  title: string;
  panels: Array<{ id: number; type: string; title: string }>;
};
const frames = (id: number) =>
  JSON.parse(readFileSync(path.join(repo, `sandbox/frames/dashboards/operation-chains/panel-${id}.json`), 'utf8')) as {
    frames: Array<{ data: { values: unknown[][] } }>;
  };

test.use({ viewport: { width: 1600, height: 1300 } });

for (const theme of ['dark', 'light'] as const) {
  test(`operation chains dashboard from the backend's frames (${theme} theme)`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/?page=dashboard&dashboard=operation-chains&theme=${theme}`);
    await expect(page.getByRole('heading', { name: dashboard.title })).toBeVisible();

    const title = (type: string) => dashboard.panels.find((p) => p.type === type)!.title;
    const latency = page.getByRole('region', { name: title('timeseries'), exact: true });
    await expect(latency.locator('canvas').first()).toBeVisible();
    for (const q of ['p50', 'p95', 'p99']) {
      await expect(latency.getByText(`${q} chain duration`)).toBeVisible();
    }

    // The clients bar chart: the noisy client first, as the generator planted it.
    // The clients: one bar per client (chains only: total time and p95 are for the tooltip), the noisy one first.
    const clients = page.getByRole('region', { name: title('barchart'), exact: true });
    const [names, chains] = frames(2).frames[0].data.values as [string[], number[]];
    expect(names[0]).toBe('client-noisy');
    expect(chains[0]).toBeGreaterThanOrEqual(9 * chains[1]);
    await expect(clients).toContainText(`client-noisy${chains[0]}`);
    await expect(clients).not.toContainText(/\d (ms|s|mins|hours|days)\b/); // no total-time or p95 bars
    await expect(page.getByRole('textbox', { name: 'Logs' })).toHaveValue('ClickHouse operation logs');

    // The chain table: the ticket table panel on the chains frame, longest chain first.
    const table = page.getByRole('region', { name: title('spacetime-tickettable-panel'), exact: true });
    const longest = (frames(4).frames[0].data.values[0] as string[])[0];
    await expect(table.getByText(longest, { exact: true })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: /Duration/ })).toBeVisible();

    // Node graph and trace view are core Grafana panels: the sandbox draws sketches of their frames, from only
    // the fields those panels read, and says so. Every node, edge and span of the frames is drawn.
    const panelOf = (type: string) => dashboard.panels.find((p) => p.type === type)!.id;
    const graph = page.getByRole('region', { name: title('nodeGraph'), exact: true });
    await expect(graph).toContainText("not Grafana's Node graph panel");
    const [, nodesFrame, edgesFrame] = frames(panelOf('nodeGraph')).frames;
    const nodeIds = nodesFrame.data.values[0] as string[];
    const [, sources, targets] = edgesFrame.data.values as [string[], string[], string[], number[]];
    expect(nodeIds).toContain('payment.authorize');
    await expect(graph.locator('[data-node]')).toHaveCount(nodeIds.length);
    for (const id of nodeIds) {
      await expect(graph.locator(`[data-node="${id}"]`)).toContainText(id);
    }
    await expect(graph.locator('[data-edge]')).toHaveCount(sources.length);
    for (let i = 0; i < sources.length; i++) {
      await expect(graph.locator(`[data-edge="${sources[i]}→${targets[i]}"]`)).toHaveCount(1);
    }
    const trace = page.getByRole('region', { name: title('traces'), exact: true });
    await expect(trace).toContainText("not Grafana's trace view");
    const [, spanIds, , operations] = frames(panelOf('traces')).frames[0].data.values as string[][];
    await expect(trace.getByRole('listitem')).toHaveCount(spanIds.length);
    for (let i = 0; i < spanIds.length; i++) {
      await expect(trace.locator(`[data-span="${spanIds[i]}"]`)).toContainText(operations[i]);
    }
    expect(errors).toEqual([]);
    await page.screenshot({ path: `docs/screenshots/dashboard-operation-chains-${theme}.png` });
  });
}
