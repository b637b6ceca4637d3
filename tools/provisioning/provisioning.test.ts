import { readFileSync } from 'fs';
import path from 'path';

import { type Dashboard, type Panel, type RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

import { type SpacetimeQuery } from '../../src/datasource/types';
import { ALERT_DATASOURCE_UID, CONTACT_POINT, alertingProvisioning } from './alertRules';
import { provisionedFiles } from './files';
import { LOGS_DATASOURCE_UID, OPERATION_CHAINS_UID, operationChainsDashboard } from './operationChainsDashboard';
import { OVERVIEW_UID, overviewDashboard } from './overviewDashboard';
import { SERVICE_HEALTH_UID, TESTDATA, serviceHealthDashboard } from './serviceHealthDashboard';
import { DATASOURCE_TYPE } from './spacetimeQuery';

const root = path.resolve(__dirname, '..', '..');
const dashboards: Array<[string, Dashboard]> = [
  ['overview', overviewDashboard()],
  ['service health', serviceHealthDashboard()],
];

const panelsOf = (d: Dashboard): Panel[] =>
  (d.panels ?? []).flatMap((p) => (p.type === 'row' ? ((p as RowPanel).panels ?? []) : [p as Panel]));
const spacetimeTargets = (p: Panel) =>
  (p.targets ?? []).map((t) => t as unknown as SpacetimeQuery).filter((t) => t.datasource?.type === DATASOURCE_TYPE);

/** Grafana's interpolation of the parts of a data link URL Spacetime uses. */
function followLink(template: string, currentParams: string, fields: Record<string, string>): URLSearchParams {
  const url = template
    .replace('${__url.params}', currentParams)
    .replace(/\$\{__data\.fields\.(\w+):percentencode\}/g, (_, f: string) => encodeURIComponent(fields[f]))
    .replace(/\$\{__data\.fields\.(\w+)\}/g, (_, f: string) => fields[f]);
  return new URL(url, 'http://grafana.local').searchParams;
}

describe('generated provisioning files', () => {
  it.each(Object.entries(provisionedFiles()))('%s is up to date (npm run provisioning)', (file, text) => {
    expect(readFileSync(path.join(root, file), 'utf8')).toBe(text);
  });

  it('ships every dashboard in the app plugin', () => {
    const plugin = JSON.parse(readFileSync(path.join(root, 'src/plugin.json'), 'utf8'));
    const included = plugin.includes
      .filter((i: { type: string }) => i.type === 'dashboard')
      .map((i: { path: string }) => i.path);
    const generated = Object.keys(provisionedFiles()).filter((f) => f.startsWith('src/dashboards/'));
    expect(included.sort()).toEqual(generated.map((f) => f.replace('src/', '')).sort());
  });
});

describe.each(dashboards)('%s dashboard', (_name, dashboard) => {
  const panels = panelsOf(dashboard);

  it('has the ticket source, ad hoc filters and search variables', () => {
    const vars = (dashboard.templating?.list ?? []).map((v) => [v.name, v.type]);
    expect(vars).toEqual(
      expect.arrayContaining([
        ['datasource', 'datasource'],
        ['filters', 'adhoc'],
        ['search', 'textbox'],
      ])
    );
  });

  it('gives every panel a unique id and a place on the 24-column grid without overlaps', () => {
    const all = [...(dashboard.panels ?? [])];
    const ids = all.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of all) {
      const g = p.gridPos!;
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('asks each panel type for the frame shape it draws', () => {
    const wanted: Record<string, string> = {
      timeseries: 'timeseries',
      piechart: 'breakdown',
      barchart: 'breakdown',
      stat: 'stats',
      'spacetime-tickettable-panel': 'tickets',
    };
    for (const p of panels) {
      const targets = spacetimeTargets(p);
      if (p.datasource?.uid === TESTDATA.uid) {
        expect(targets).toHaveLength(0);
        continue;
      }
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) {
        const want = p.title?.startsWith('What changed') ? 'contrast' : wanted[p.type];
        expect([p.title, t.queryType]).toEqual([p.title, want]);
        expect(t.search).toBe('${search}');
        if (t.queryType === 'breakdown') {
          expect(t.groupBy).toHaveLength(1);
        }
      }
    }
  });
});

describe('click to filter', () => {
  const linked = panelsOf(overviewDashboard()).filter(
    (p) => (p.type === 'piechart' || p.type === 'barchart') && p.title !== 'What changed'
  );

  it('links every pie slice and bar to a dashboard filter on its own field', () => {
    expect(linked.map((p) => p.title)).toEqual([
      'Tickets by severity',
      'Tickets by service',
      'Tickets by region',
      'Tickets by category',
      'Top services by tickets',
    ]);
    for (const p of linked) {
      const key = spacetimeTargets(p)[0].groupBy![0];
      const links = (p.fieldConfig?.defaults?.links ?? []) as Array<{ url: string; oneClick?: boolean }>;
      expect(links).toHaveLength(1);
      expect(links[0].oneClick).toBe(true);
      const params = followLink(links[0].url, 'from=now-6h&to=now', { [key]: 'x y' });
      expect(params.getAll('var-filters')).toEqual([`${key}|=|x y`]);
    }
  });

  it('adds to the filters already set and keeps the time range and search', () => {
    const service = linked.find((p) => p.title === 'Tickets by service')!;
    const url = (service.fieldConfig?.defaults?.links as Array<{ url: string }>)[0].url;
    expect(url.startsWith(`/d/${OVERVIEW_UID}?`)).toBe(true);
    const current = new URLSearchParams({ from: '1700000000000', to: '1700003600000', 'var-search': 'payment' });
    current.append('var-filters', 'region|=|EMEA');
    const params = followLink(url, current.toString(), { service: 'checkout' });
    expect(params.getAll('var-filters')).toEqual(['region|=|EMEA', 'service|=|checkout']);
    expect([params.get('from'), params.get('to'), params.get('var-search')]).toEqual([
      '1700000000000',
      '1700003600000',
      'payment',
    ]);
  });
});

describe('what changed', () => {
  const overview = panelsOf(overviewDashboard());
  const health = panelsOf(serviceHealthDashboard());

  it('is the first panel of the overview, and the service-health dashboard has it scoped to its service', () => {
    const first = [...overview].sort((a, b) => a.gridPos!.y - b.gridPos!.y || a.gridPos!.x - b.gridPos!.x)[0];
    expect(first.title).toBe('What changed');
    const scoped = health.find((p) => p.title?.startsWith('What changed'))!;
    expect(spacetimeTargets(scoped)[0].filter).toEqual({ key: 'service', operator: '=', value: '${service}' });
  });

  it('adds a value, or both values of a pair, to the filters already set and keeps the range', () => {
    for (const [panels, uid] of [
      [overview, OVERVIEW_UID],
      [health, SERVICE_HEALTH_UID],
    ] as const) {
      const p = panels.find((x) => x.title?.startsWith('What changed'))!;
      const links = (p.fieldConfig?.defaults?.links ?? []) as Array<{ url: string; oneClick?: boolean }>;
      expect(links).toHaveLength(1);
      expect(links[0].oneClick).toBe(true);
      expect(links[0].url.startsWith(`/d/${uid}?`)).toBe(true);
      // The backend's filters text for the pair service=checkout ∧ region=EMEA (pkg/engine contrast_test).
      const pair = 'var-filters=service%7C%3D%7Ccheckout&var-filters=region%7C%3D%7CEMEA';
      const current = new URLSearchParams({ from: 'now-1h', to: 'now' });
      current.append('var-filters', 'severity|=|High');
      const params = followLink(links[0].url, current.toString(), { filters: pair });
      expect(params.getAll('var-filters')).toEqual(['severity|=|High', 'service|=|checkout', 'region|=|EMEA']);
      expect(params.get('from')).toBe('now-1h');
    }
  });
});

describe('alert rules', () => {
  const file = alertingProvisioning();
  const rules = file.groups.flatMap((g) => g.rules);

  it('query the provisioned Spacetime datasource and end in a condition they define', () => {
    const datasources = readFileSync(path.join(root, 'provisioning/datasources/spacetime.yaml'), 'utf8');
    // The ticket-rate rules read the tickets and link the overview; the chain rule reads the logs and links the chains.
    const sourceOf = (group?: string) =>
      group === 'Operation chains' ? [LOGS_DATASOURCE_UID, OPERATION_CHAINS_UID] : [ALERT_DATASOURCE_UID, OVERVIEW_UID];
    expect(file.groups.map((g) => g.name)).toEqual(['Ticket rates', 'Operation chains']);
    for (const group of file.groups) {
      const [uid, dashboardUid] = sourceOf(group.name);
      expect(datasources).toContain(`uid: ${uid}`);
      for (const rule of group.rules) {
        const refIds = rule.data.map((d) => d.refId);
        expect(refIds).toContain(rule.condition);
        for (const d of rule.data) {
          expect(['__expr__', uid]).toContain(d.datasourceUid);
          if (d.datasourceUid === uid) {
            expect(d.relativeTimeRange?.from).toBeGreaterThan(0);
          }
        }
        expect(rule.labels).toMatchObject({ source: 'spacetime' });
        expect(rule.annotations?.summary).toBeTruthy();
        expect(rule.annotations?.dashboard_url).toContain(`/d/${dashboardUid}`);
      }
    }
  });

  it('names the service in the per-service summary and links the dashboard filtered to it', () => {
    const perService = rules.find((r) => r.uid === 'spacetime-service-rate-jump')!;
    expect(perService.annotations?.summary).toContain('{{ $labels.service }}');
    expect(perService.annotations?.dashboard_url).toContain(
      'var-filters=service%7C%3D%7C{{ $labels.service | urlquery }}'
    );
  });

  it('routes Spacetime alerts to the example contact point', () => {
    expect(file.contactPoints[0].name).toBe(CONTACT_POINT);
    const route = file.policies[0].routes?.[0];
    expect(route?.receiver).toBe(CONTACT_POINT);
    expect(route?.object_matchers).toEqual([['source', '=', 'spacetime']]);
  });
});

describe('operation chains dashboard', () => {
  const dashboard = operationChainsDashboard();
  const panels = panelsOf(dashboard);
  const byType = (t: string) => panels.filter((p) => spacetimeTargets(p).some((q) => q.queryType === t));

  it('holds latency over time, the steps node graph, the top clients, the chain table and the trace', () => {
    expect(byType('chainLatency').map((p) => p.type)).toEqual(['timeseries']);
    expect(byType('steps').map((p) => p.type)).toEqual(['nodeGraph']);
    expect(byType('clients').map((p) => p.type)).toEqual(['barchart']);
    expect(byType('chains').map((p) => p.type)).toEqual(['spacetime-tickettable-panel']);
    expect(byType('chain').map((p) => p.type)).toEqual(['traces']);
    expect(spacetimeTargets(byType('chain')[0])[0].chain).toBe('${chain}');
  });

  it('reads the logs datasource variable, not the ticket source the overview passes along', () => {
    for (const p of panels) {
      for (const t of spacetimeTargets(p)) {
        expect(t.datasource?.uid).toBe('${logs}');
      }
    }
    const names = (dashboard.templating?.list ?? []).map((v) => v.name);
    expect(names).toEqual(['logs', 'filters', 'chainSearch', 'chain']);
  });

  it('is the dashboard the chains frame links to', () => {
    const frames = readFileSync(path.join(root, 'pkg/logengine/clickhouse/frames.go'), 'utf8');
    expect(frames).toContain(`const DashboardUID = "${OPERATION_CHAINS_UID}"`);
  });

  it('is linked from the outage overview with the time range and the filters (the service)', () => {
    const link = (overviewDashboard().links ?? []).find((l) => l.title === 'Operation chains');
    expect(link).toMatchObject({ url: `/d/${OPERATION_CHAINS_UID}`, keepTime: true, includeVars: true });
  });
});
