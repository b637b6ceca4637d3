import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, PanelPlugin, type TimeRange, getDefaultTimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  Alert,
  Icon,
  InlineField,
  Input,
  LoadingPlaceholder,
  PanelChrome,
  TimeRangePicker,
  useStyles2,
  useTheme2,
} from '@grafana/ui';

import { loadPluginModule } from '../amdLoader';
import { PanelHost } from '../PanelHost';
import { BarsViz } from './BarsViz';
import { NodeGraphSketch } from './NodeGraphSketch';
import { TraceSketch } from './TraceSketch';
import { DonutViz } from './DonutViz';
import { StatViz } from './StatViz';
import { TimeSeriesViz } from './TimeSeriesViz';
import { applyPanelFieldConfig } from './fieldConfig';
import { loadDashboard, loadPanelFrames } from './load';
import type { DashboardJSON, DashboardPanel, GridPos, PanelFrames, VizProps } from './types';

/** The demo's provisioned Spacetime datasources (provisioning/datasources/spacetime.yaml), in their order. */
const PROVISIONED_DATASOURCES = ['Redmine tickets', 'ClickHouse operation logs'];

/** What a datasource variable shows first in the demo: as Grafana, the first datasource its regex matches. */
function provisionedDatasource(regex?: string): string {
  const m = regex ? /^\/(.*)\/([a-z]*)$/.exec(regex) : null;
  const re = m ? new RegExp(m[1], m[2]) : undefined;
  return PROVISIONED_DATASOURCES.find((name) => !re || re.test(name)) ?? PROVISIONED_DATASOURCES[0];
}

/** Grafana's dashboard grid: 24 columns, 30 px rows, 8 px between panels. */
const COLUMNS = 24;
const ROW_HEIGHT = 30;
const GAP = 8;
const PAGE_PADDING = 16;

const TABLE_PANEL = 'spacetime-tickettable-panel';

const VIZ: Record<string, React.ComponentType<VizProps>> = {
  timeseries: TimeSeriesViz,
  stat: StatViz,
  piechart: DonutViz,
  barchart: BarsViz,
  // Sketches, not Grafana's core Node graph and trace view (see each file).
  nodeGraph: NodeGraphSketch,
  traces: TraceSketch,
};

interface Loaded {
  dashboard: DashboardJSON;
  frames: Record<number, PanelFrames | undefined>;
  table?: PanelPlugin;
}

/**
 * `?page=dashboard&dashboard=<name>`: a provisioned dashboard from src/dashboards laid out on Grafana's grid, each
 * panel drawn from the frames the dashboards test dumped for it (sandbox/frames/dashboards/<name>/panel-<id>.json).
 */
export function DashboardPage() {
  const styles = useStyles2(getStyles);
  const name = new URLSearchParams(window.location.search).get('dashboard') ?? 'outage-overview';
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [collapsed, setCollapsed] = useState<Record<number, boolean>>({});
  const width = useWindowWidth() - 2 * PAGE_PADDING;

  useEffect(() => {
    (async () => {
      const dashboard = await loadDashboard(name);
      const panels = dashboard.panels.filter((p) => p.type !== 'row');
      const [table, ...frames] = await Promise.all([
        panels.some((p) => p.type === TABLE_PANEL) ? loadPluginModule('/dist/panel/module.js') : undefined,
        ...panels.map((p) => loadPanelFrames(name, p.id)),
      ]);
      const plugin = table?.plugin;
      if (table && !(plugin instanceof PanelPlugin)) {
        throw new Error('/dist/panel/module.js does not export a PanelPlugin named "plugin"');
      }
      setCollapsed(
        Object.fromEntries(dashboard.panels.filter((p) => p.type === 'row').map((p) => [p.id, Boolean(p.collapsed)]))
      );
      setLoaded({
        dashboard,
        table: plugin instanceof PanelPlugin ? plugin : undefined,
        frames: Object.fromEntries(panels.map((p, i) => [p.id, frames[i]])),
      });
    })().catch((e: Error) => setError(e.message));
  }, [name]);

  const timeRange = useMemo(
    () => (loaded && Object.values(loaded.frames).find(Boolean)?.timeRange) ?? getDefaultTimeRange(),
    [loaded]
  );
  const layout = useMemo(() => (loaded ? gridLayout(loaded.dashboard.panels, collapsed) : []), [loaded, collapsed]);

  if (error) {
    return (
      <div className={styles.page}>
        <Alert title="Sandbox could not load the dashboard">{error}</Alert>
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className={styles.page}>
        <LoadingPlaceholder text="Loading dashboard…" />
      </div>
    );
  }
  const column = (width - (COLUMNS - 1) * GAP) / COLUMNS;
  const size = (pos: GridPos) => ({
    width: Math.floor(pos.w * column + (pos.w - 1) * GAP),
    height: pos.h * ROW_HEIGHT + (pos.h - 1) * GAP,
  });

  return (
    <div className={styles.page} data-testid="dashboard">
      <TopBar dashboard={loaded.dashboard} timeRange={timeRange} />
      <div className={styles.grid} style={{ width }}>
        {layout.map(({ panel, pos, hidden }) => (
          <div
            key={panel.id}
            className={styles.item}
            style={{ gridColumn: `${pos.x + 1} / span ${pos.w}`, gridRow: `${pos.y + 1} / span ${pos.h}` }}
            data-testid={`panel-${panel.id}`}
          >
            {panel.type === 'row' ? (
              <DashboardRow
                panel={panel}
                hidden={hidden}
                collapsed={collapsed[panel.id]}
                onToggle={() => setCollapsed((c) => ({ ...c, [panel.id]: !c[panel.id] }))}
              />
            ) : (
              <Panel
                panel={panel}
                data={loaded.frames[panel.id]}
                table={loaded.table}
                timeRange={timeRange}
                {...size(pos)}
              />
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

interface LaidOut {
  panel: DashboardPanel;
  pos: GridPos;
  /** For a row: how many panels it hides while collapsed. */
  hidden: number;
}

/**
 * The panels in grid order; a collapsed row hides the panels up to the next row and what follows moves up, as in
 * Grafana. Provisioned rows that start collapsed keep their panels in `panels` instead; those are not shown either.
 */
function gridLayout(panels: DashboardPanel[], collapsed: Record<number, boolean>): LaidOut[] {
  const sorted = [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  const out: LaidOut[] = [];
  let shift = 0;
  for (let i = 0; i < sorted.length; i++) {
    const panel = sorted[i];
    out.push({ panel, pos: { ...panel.gridPos, y: panel.gridPos.y - shift }, hidden: 0 });
    if (panel.type !== 'row' || !collapsed[panel.id]) {
      continue;
    }
    const next = sorted.findIndex((p, j) => j > i && p.type === 'row');
    const end = next < 0 ? sorted.length : next;
    const children = sorted.slice(i + 1, end);
    const bottom =
      next < 0
        ? Math.max(panel.gridPos.y + 1, ...children.map((p) => p.gridPos.y + p.gridPos.h))
        : sorted[next].gridPos.y;
    out[out.length - 1].hidden = children.length;
    shift += bottom - (panel.gridPos.y + 1);
    i = end - 1;
  }
  return out;
}

interface PanelProps {
  panel: DashboardPanel;
  data?: PanelFrames;
  table?: PanelPlugin;
  timeRange: TimeRange;
  width: number;
  height: number;
}

function Panel({ panel, data, table, timeRange, width, height }: PanelProps) {
  const theme = useTheme2();
  const frames = useMemo(
    () => (data && panel.type !== TABLE_PANEL ? applyPanelFieldConfig(panel, data.frames, theme) : []),
    [panel, data, theme]
  );
  if (panel.type === TABLE_PANEL && table) {
    return (
      <PanelHost
        id={panel.id}
        plugin={table}
        initialOptions={panel.options}
        frames={data?.frames ?? []}
        title={panel.title}
        description={panel.description}
        timeRange={data?.timeRange ?? timeRange}
        width={width}
        height={height}
      />
    );
  }
  const Viz = VIZ[panel.type];
  return (
    <PanelChrome title={panel.title} description={panel.description} width={width} height={height}>
      {(innerWidth, innerHeight) =>
        !Viz ? (
          <Alert severity="info" title={`The sandbox does not draw "${panel.type}" panels`} />
        ) : frames.length === 0 ? (
          <NoData />
        ) : (
          <Viz
            panel={panel}
            frames={frames}
            timeRange={data?.timeRange ?? timeRange}
            width={innerWidth}
            height={innerHeight}
          />
        )
      }
    </PanelChrome>
  );
}

function NoData() {
  const styles = useStyles2(getStyles);
  return <div className={styles.noData}>No data</div>;
}

interface RowProps {
  panel: DashboardPanel;
  collapsed?: boolean;
  hidden: number;
  onToggle: () => void;
}

/** A dashboard row's header: a chevron and the title; collapsed, it says how many panels it hides. */
function DashboardRow({ panel, collapsed, hidden, onToggle }: RowProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.row}>
      <button
        type="button"
        className={styles.rowTitle}
        onClick={onToggle}
        aria-expanded={!collapsed}
        data-testid="dashboard-row-title"
      >
        <Icon name={collapsed ? 'angle-right' : 'angle-down'} />
        {panel.title}
      </button>
      {collapsed && hidden > 0 && (
        <span className={styles.rowCount}>
          ({hidden} {hidden === 1 ? 'panel' : 'panels'})
        </span>
      )}
    </div>
  );
}

interface TopBarProps {
  dashboard: DashboardJSON;
  timeRange: TimeRange;
}

/** Like Grafana's dashboard top bar: breadcrumbs, the variables, the time range (fixed: the frames were dumped for it). */
function TopBar({ dashboard, timeRange }: TopBarProps) {
  const styles = useStyles2(getStyles);
  const search = useUrlParam('var-search');
  const noop = () => {};
  const variables = dashboard.templating?.list ?? [];
  return (
    <>
      <nav className={styles.breadcrumbs} aria-label="Breadcrumbs">
        <Icon name="apps" />
        <span>Home</span>
        <Icon name="angle-right" size="sm" />
        <span>Dashboards</span>
        <Icon name="angle-right" size="sm" />
        <h1 className={styles.title}>{dashboard.title}</h1>
      </nav>
      <div className={styles.controls}>
        <div className={styles.variables}>
          {variables.map((v) => {
            const label = v.label ?? v.name;
            switch (v.type) {
              case 'datasource':
                return (
                  <InlineField key={v.name} label={label}>
                    <Input value={provisionedDatasource(v.regex)} readOnly width={24} aria-label={label} />
                  </InlineField>
                );
              case 'adhoc':
                return (
                  <InlineField key={v.name} label={label}>
                    <Input
                      placeholder="key = value"
                      readOnly
                      width={22}
                      aria-label={label}
                      prefix={<Icon name="filter" />}
                    />
                  </InlineField>
                );
              case 'textbox':
                return (
                  <InlineField key={v.name} label={label} tooltip={v.description}>
                    <Input
                      value={search}
                      width={28}
                      aria-label={label}
                      onChange={(e) =>
                        locationService.partial({ [`var-${v.name}`]: e.currentTarget.value || null }, true)
                      }
                    />
                  </InlineField>
                );
              default:
                return null;
            }
          })}
        </div>
        <TimeRangePicker
          value={timeRange}
          timeZone="utc"
          onChange={noop}
          onChangeTimeZone={noop}
          onMoveBackward={noop}
          onMoveForward={noop}
          onZoom={noop}
          hideQuickRanges
        />
      </div>
    </>
  );
}

/** A URL parameter (`var-<name>` is a dashboard variable's value), kept up to date as the URL changes. */
function useUrlParam(key: string): string {
  const [value, setValue] = useState(() => urlParam(key));
  useEffect(() => {
    const sub = locationService.getLocationObservable().subscribe(() => setValue(urlParam(key)));
    return () => sub.unsubscribe();
  }, [key]);
  return value;
}

function urlParam(key: string): string {
  return String((locationService.getSearchObject() as Record<string, unknown>)[key] ?? '');
}

function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    height: '100vh',
    overflow: 'auto',
    boxSizing: 'border-box',
    background: theme.colors.background.canvas,
    paddingBottom: PAGE_PADDING,
  }),
  breadcrumbs: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: 40,
    padding: theme.spacing(0, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
  }),
  controls: css({
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(2, `${PAGE_PADDING}px`, 1),
  }),
  variables: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    '& > div': { marginBottom: 0 },
  }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: `repeat(${COLUMNS}, minmax(0, 1fr))`,
    gridAutoRows: ROW_HEIGHT,
    gap: GAP,
    margin: `0 ${PAGE_PADDING}px`,
  }),
  item: css({ minWidth: 0, minHeight: 0 }),
  row: css({ display: 'flex', alignItems: 'center', height: ROW_HEIGHT, gap: theme.spacing(1) }),
  rowTitle: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: 0,
    background: 'none',
    border: 'none',
    cursor: 'pointer',
    color: theme.colors.text.primary,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  rowCount: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  noData: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    color: theme.colors.text.secondary,
  }),
});
