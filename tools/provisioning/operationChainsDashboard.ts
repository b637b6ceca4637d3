import { type Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import {
  AdHocVariableBuilder,
  type Dashboard,
  DashboardBuilder,
  type DataSourceRef,
  DatasourceVariableBuilder,
  type Panel,
  PanelBuilder,
  TextBoxVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarChartBuilder } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as NodeGraphBuilder } from '@grafana/grafana-foundation-sdk/nodegraph';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

import { CHAIN_P95_THRESHOLD_MS } from './chainThresholds';
import { DATASOURCE_TYPE, spacetimeQuery } from './spacetimeQuery';
import { TicketTablePanelBuilder } from './ticketTablePanel';

/** The uid the chains frame links to (pkg/logengine/clickhouse DashboardUID). */
export const OPERATION_CHAINS_UID = 'spacetime-operation-chains';
/** The demo's ClickHouse datasource (provisioning/datasources/spacetime.yaml). */
export const LOGS_DATASOURCE_UID = 'spacetime-clickhouse';
/** Named apart from the ticket dashboards' variables: the overview's link passes its own (filters, time) along. */
const LOGS_VARIABLE = 'logs';
const CHAIN_VARIABLE = 'chain';
const CHAIN_SEARCH_VARIABLE = 'chainSearch';
const LOGS: DataSourceRef = { type: DATASOURCE_TYPE, uid: `\${${LOGS_VARIABLE}}` };
const SEARCH = `\${${CHAIN_SEARCH_VARIABLE}}`;

const logsQuery = (q: Parameters<typeof spacetimeQuery>[0]) => {
  const inner = spacetimeQuery(q);
  return { build: () => ({ ...inner.build(), datasource: LOGS }) };
};

/** The trace view, which the foundation SDK has no builder for. */
class TracesPanelBuilder extends PanelBuilder {
  constructor() {
    super();
    this.internal.type = 'traces';
  }
}

/** "Operation chains": how long chains take, which step adds the time, where they fail, which clients load them. */
export function operationChainsDashboard(): Dashboard {
  const latency = new TimeSeriesBuilder()
    .id(1)
    .title('Chain duration p50 / p95 / p99')
    .description(
      `End-to-end duration of the chains starting in each interval. The dashed line is the alert threshold (${CHAIN_P95_THRESHOLD_MS} ms at p95).`
    )
    .datasource(LOGS)
    .gridPos({ h: 8, w: 16, x: 0, y: 0 })
    .withTarget(logsQuery({ refId: 'A', queryType: 'chainLatency', quantiles: ['p50', 'p95', 'p99'], search: SEARCH }))
    .unit('ms')
    .min(0)
    .thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: 'green' },
        { value: CHAIN_P95_THRESHOLD_MS, color: 'red' },
      ])
    )
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .showLegend(true)
        .calcs(['max'])
    );

  const clients: Builder<Panel> = new BarChartBuilder()
    .id(2)
    .title('Top clients by chains')
    .description(
      'The clients that start the most chains, with the rest as "other"; the tooltip has their total chain time and p95.'
    )
    .datasource(LOGS)
    .gridPos({ h: 8, w: 8, x: 16, y: 0 })
    .withTarget(logsQuery({ refId: 'A', queryType: 'clients', topN: 8, search: SEARCH }))
    .xField('client')
    .orientation(VizOrientation.Horizontal)
    .showValue(VisibilityMode.Always)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(false)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([])
    )
    .overrides([
      {
        matcher: { id: 'byName', options: 'totalTime' },
        properties: [{ id: 'custom.hideFrom', value: { viz: true, legend: true, tooltip: false } }],
      },
      {
        matcher: { id: 'byName', options: 'p95' },
        properties: [{ id: 'custom.hideFrom', value: { viz: true, legend: true, tooltip: false } }],
      },
    ]);

  const steps = new NodeGraphBuilder()
    .id(3)
    .title('Steps: where the time goes')
    .description(
      "Each step with its p95 and its share of the chains' time; the ring is its error rate. Arrows are step-to-step transitions."
    )
    .datasource(LOGS)
    .gridPos({ h: 12, w: 12, x: 0, y: 8 })
    .withTarget(logsQuery({ refId: 'A', queryType: 'steps', search: SEARCH }));

  const chains = new TicketTablePanelBuilder()
    .id(4)
    .title('Chains, longest first')
    .description('One row per chain that starts in the range. Click a chain id to see its events as a trace below.')
    .datasource(LOGS)
    .gridPos({ h: 12, w: 12, x: 12, y: 8 })
    .withTarget(
      logsQuery({
        refId: 'A',
        queryType: 'chains',
        limit: 500,
        sort: [{ field: 'duration', desc: true }],
        search: SEARCH,
      })
    )
    .tableOptions({
      frameIndex: 0,
      showHeader: true,
      hideNonMatching: false,
      searchVariable: CHAIN_SEARCH_VARIABLE,
      hiddenColumns: 'last,distinctSteps',
    });

  const trace = new TracesPanelBuilder()
    .id(5)
    .title(`Chain \${${CHAIN_VARIABLE}}`)
    .description("The chosen chain's events as a trace: the first event is the root, every step a span.")
    .datasource(LOGS)
    .gridPos({ h: 12, w: 24, x: 0, y: 20 })
    .withTarget(logsQuery({ refId: 'A', queryType: 'chain', chain: `\${${CHAIN_VARIABLE}}` }));

  return new DashboardBuilder('Operation chains')
    .uid(OPERATION_CHAINS_UID)
    .tags(['spacetime', 'logs', 'chains'])
    .description(
      'Chains of operations in the logs, analysed by ClickHouse: latency, steps, clients, and one chain as a trace.'
    )
    .editable()
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('1m')
    .withVariable(
      new DatasourceVariableBuilder(LOGS_VARIABLE)
        .label('Logs')
        .type(DATASOURCE_TYPE)
        .regex('/[Cc]lick[Hh]ouse|[Ll]ogs/')
    )
    .withVariable(new AdHocVariableBuilder('filters').label('Filters').datasource(LOGS))
    .withVariable(
      new TextBoxVariableBuilder(CHAIN_SEARCH_VARIABLE)
        .label('Search')
        .description('Words in any event of the chain, "phrases", field:value')
    )
    .withVariable(
      new TextBoxVariableBuilder(CHAIN_VARIABLE).label('Chain').description('A chain id: click one in the table')
    )
    .withPanel(latency)
    .withPanel(clients)
    .withPanel(steps)
    .withPanel(chains)
    .withPanel(trace)
    .build();
}
