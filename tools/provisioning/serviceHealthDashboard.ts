import { type Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  StackingMode,
  StackingConfigBuilder,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  type AnnotationTarget as SchemaAnnotationTarget,
  AnnotationQueryBuilder,
  type Dashboard,
  DashboardBuilder,
  type DataSourceRef,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder as TestDataQueryBuilder } from '@grafana/grafana-foundation-sdk/testdata';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

import { type AnnotationTarget, DATASOURCE_VARIABLE, type VariableQuery, spacetimeQuery } from './spacetimeQuery';
import { TicketTablePanelBuilder } from './ticketTablePanel';
import { whatChangedPanel } from './whatChangedPanel';
import { SEARCH_VARIABLE, filtersVariable, searchVariable, ticketSourceVariable } from './variables';

export const SERVICE_HEALTH_UID = 'spacetime-service-health';
/** The TestData datasource the demo provisions: it stands in for the team's own service metrics. */
export const TESTDATA: DataSourceRef = { type: 'grafana-testdata-datasource', uid: 'spacetime-testdata' };
const SERVICE = '${service}';
const ONLY_SERVICE = { key: 'service', operator: '=' as const, value: SERVICE };

/** The service chosen at the top: the values of the tickets' service field, busiest first. */
function serviceVariable(): QueryVariableBuilder {
  const query: VariableQuery = { refId: 'service', field: 'service' };
  return new QueryVariableBuilder('service')
    .label('Service')
    .datasource(DATASOURCE_VARIABLE)
    .query(query as Record<string, unknown>)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.Disabled);
}

/** Tickets of the chosen service as events on every panel (High and above), linked to the ticket. */
function ticketAnnotations(): AnnotationQueryBuilder {
  const target: AnnotationTarget = { refId: 'Anno', queryType: 'tickets', filter: ONLY_SERVICE, minSeverity: 'High' };
  // The schema's AnnotationTarget only models Grafana's built-in tag annotations; a datasource stores its own query.
  const asSchemaTarget: Builder<SchemaAnnotationTarget> = { build: () => target as unknown as SchemaAnnotationTarget };
  return new AnnotationQueryBuilder()
    .name('Tickets (High and above)')
    .datasource(DATASOURCE_VARIABLE)
    .enable(true)
    .iconColor('red')
    .target(asSchemaTarget);
}

/** A service metric from TestData (a random walk named after the service): the team's own metric goes here. */
function metricPanel(id: number, title: string, unit: string, x: number, min: number, max: number): TimeSeriesBuilder {
  return new TimeSeriesBuilder()
    .id(id)
    .title(`${title} — ${SERVICE}`)
    .description('Demo metric from the TestData datasource; ticket annotations mark when tickets were opened.')
    .datasource(TESTDATA)
    .gridPos({ h: 8, w: 8, x, y: 0 })
    .withTarget(
      new TestDataQueryBuilder()
        .refId('A')
        .datasource(TESTDATA)
        .scenarioId('random_walk')
        .seriesCount(1)
        .alias(SERVICE)
        .min(min)
        .max(max)
    )
    .unit(unit)
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .showLegend(false)
        .calcs([])
    );
}

/** "Service health with tickets": a service's metrics with its tickets on them, and the tickets themselves. */
export function serviceHealthDashboard(): Dashboard {
  // The series carry their severity colours from the datasource settings, as the ticket table does.
  const ticketsOpened = new TimeSeriesBuilder()
    .id(4)
    .title(`Tickets opened — ${SERVICE}`)
    .description('Tickets of this service opened per interval, stacked by severity.')
    .gridPos({ h: 8, w: 24, x: 0, y: 15 })
    .withTarget(
      spacetimeQuery({
        refId: 'A',
        queryType: 'timeseries',
        groupBy: ['severity'],
        filter: ONLY_SERVICE,
        search: `\${${SEARCH_VARIABLE}}`,
      })
    )
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A'))
    .min(0);

  const table = new TicketTablePanelBuilder()
    .id(5)
    .title(`Tickets — ${SERVICE}`)
    .description('Every ticket of the chosen service in the time range.')
    .gridPos({ h: 14, w: 24, x: 0, y: 23 })
    .withTarget(
      spacetimeQuery({
        refId: 'A',
        queryType: 'tickets',
        filter: ONLY_SERVICE,
        search: `\${${SEARCH_VARIABLE}}`,
        sort: [{ field: 'opened', desc: true }],
        limit: 5000,
      })
    )
    .tableOptions({
      frameIndex: 0,
      showHeader: true,
      hideNonMatching: false,
      searchVariable: SEARCH_VARIABLE,
      hiddenColumns: 'description,url,updated,service',
    });

  return new DashboardBuilder('Service health with tickets')
    .uid(SERVICE_HEALTH_UID)
    .tags(['spacetime', 'tickets', 'services'])
    .description("A service's metrics with its tickets as annotations, and the service's tickets.")
    .editable()
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .withVariable(ticketSourceVariable())
    .withVariable(serviceVariable())
    .withVariable(filtersVariable())
    .withVariable(searchVariable())
    .annotation(ticketAnnotations())
    .withPanel(metricPanel(1, 'Requests per second', 'reqps', 0, 200, 2000))
    .withPanel(metricPanel(2, 'Errors', 'percent', 8, 0, 10))
    .withPanel(metricPanel(3, 'Latency p99', 'ms', 16, 50, 1500))
    .withPanel(
      whatChangedPanel({
        id: 6,
        dashboardUid: SERVICE_HEALTH_UID,
        gridPos: { h: 7, w: 24, x: 0, y: 8 },
        search: `\${${SEARCH_VARIABLE}}`,
        filter: ONLY_SERVICE,
        title: `What changed — ${SERVICE}`,
      })
    )
    .withPanel(ticketsOpened)
    .withPanel(table)
    .build();
}
