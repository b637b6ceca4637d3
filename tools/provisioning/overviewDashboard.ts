import { type Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  VizLegendOptionsBuilder,
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  StackingMode,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  type DynamicConfigValue,
  MappingType,
  SpecialValueMatch,
  type Panel,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarChartBuilder } from '@grafana/grafana-foundation-sdk/barchart';
import {
  PanelBuilder as PieChartBuilder,
  PieChartLegendOptionsBuilder,
  PieChartLegendValues,
  PieChartType,
} from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

import { type StatName } from '../../src/datasource/types';
import { filterByValueLink } from './dataLinks';
import { OPERATION_CHAINS_UID } from './operationChainsDashboard';
import { severityColors } from './severityColors';
import { spacetimeQuery } from './spacetimeQuery';
import { TicketTablePanelBuilder } from './ticketTablePanel';
import { whatChangedPanel } from './whatChangedPanel';
import { SEARCH_VARIABLE, filtersVariable, searchVariable, ticketSourceVariable } from './variables';

export const OVERVIEW_UID = 'spacetime-outage-overview';
const SEARCH = `\${${SEARCH_VARIABLE}}`;

/** Every row of a breakdown frame is one slice or bar (not one reduced value per field). */
const everyRow = () => new ReduceDataOptionsBuilder().values(true).calcs(['lastNotNull']).fields('');

const legend = (show: boolean, calcs: string[]) =>
  new VizLegendOptionsBuilder()
    .displayMode(LegendDisplayMode.List)
    .placement(LegendPlacement.Bottom)
    .showLegend(show)
    .calcs(calcs);

/** Tickets without a value (kept as "") are named "(no <label>)"; without it Grafana names them after the count. */
const noValueName = (label: string): DynamicConfigValue => ({
  id: 'mappings',
  value: [
    { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.Empty, result: { text: `(no ${label})` } } },
  ],
});

/** A pie of tickets per value of one field; a click on a slice filters the whole dashboard to that value. */
function breakdownPie(id: number, key: string, label: string, x: number): Builder<Panel> {
  const pie = new PieChartBuilder()
    .id(id)
    .title(`Tickets by ${label}`)
    .description(`Tickets opened in the time range, per ${label}. Click a slice to filter the dashboard to it.`)
    .gridPos({ h: 8, w: 6, x, y: 16 })
    .withTarget(spacetimeQuery({ refId: 'A', queryType: 'breakdown', groupBy: [key], search: SEARCH }))
    .pieType(PieChartType.Donut)
    .reduceOptions(everyRow())
    .legend(
      new PieChartLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Right)
        .showLegend(true)
        .values([PieChartLegendValues.Value, PieChartLegendValues.Percent])
    )
    .dataLinks([filterByValueLink(OVERVIEW_UID, key, label)])
    .overrideByFieldType('string', [noValueName(label)]);
  return key === 'severity' ? severityColors(pie) : pie;
}

function stat(id: number, title: string, description: string, stats: StatName[], x: number): StatBuilder {
  return new StatBuilder()
    .id(id)
    .title(title)
    .description(description)
    .gridPos({ h: 4, w: 4, x, y: 8 })
    .withTarget(spacetimeQuery({ refId: 'A', queryType: 'stats', stats, search: SEARCH }))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']).fields(''));
}

/** "Tickets — outage overview": how many tickets are opening, where, since when, and which ones. */
export function overviewDashboard(): Dashboard {
  // The series carry their severity colours from the datasource settings, as the ticket table does.
  const opened = new TimeSeriesBuilder()
    .id(2)
    .title('Tickets opened, by severity')
    .description('Tickets opened per interval, stacked by severity. Drag across the chart to zoom every panel in.')
    .gridPos({ h: 8, w: 16, x: 0, y: 8 })
    .withTarget(spacetimeQuery({ refId: 'A', queryType: 'timeseries', groupBy: ['severity'], search: SEARCH }))
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .lineWidth(1)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A'))
    .legend(legend(true, ['sum']))
    .unit('short')
    .min(0);

  const topServices = new BarChartBuilder()
    .id(11)
    .title('Top services by tickets')
    .description(
      'The ten services with the most tickets opened in the time range. Click a bar to filter the dashboard to it.'
    )
    .gridPos({ h: 7, w: 24, x: 0, y: 24 })
    .withTarget(spacetimeQuery({ refId: 'A', queryType: 'breakdown', groupBy: ['service'], topN: 10, search: SEARCH }))
    .xField('service')
    .orientation(VizOrientation.Horizontal)
    .legend(legend(false, []))
    .dataLinks([filterByValueLink(OVERVIEW_UID, 'service', 'service')])
    .overrideByFieldType('string', [noValueName('service')]);

  const table = new TicketTablePanelBuilder()
    .id(13)
    .title('Tickets')
    .description('The tickets behind the charts: search, filter any column, click a value to filter the dashboard.')
    .gridPos({ h: 16, w: 24, x: 0, y: 32 })
    .withTarget(
      spacetimeQuery({
        refId: 'A',
        queryType: 'tickets',
        search: SEARCH,
        sort: [{ field: 'opened', desc: true }],
        limit: 10000,
      })
    )
    .tableOptions({
      frameIndex: 0,
      showHeader: true,
      hideNonMatching: false,
      searchVariable: SEARCH_VARIABLE,
      hiddenColumns: 'description,url,updated',
    });

  return new DashboardBuilder('Tickets — outage overview')
    .uid(OVERVIEW_UID)
    .tags(['spacetime', 'tickets'])
    .description('How many tickets are opening, where (service, region, category), since when, and which ones.')
    .editable()
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .withVariable(ticketSourceVariable())
    .withVariable(filtersVariable())
    .withVariable(searchVariable())
    // Keeps the time range and the variables: the ad hoc filters (service = …) apply to the chains' events too.
    .link(
      new DashboardLinkBuilder('Operation chains')
        .type(DashboardLinkType.Link)
        .url(`/d/${OPERATION_CHAINS_UID}`)
        .icon('bolt')
        .tooltip('The chains in the logs for the same time range and filters (service, client…)')
        .keepTime(true)
        .includeVars(true)
        .targetBlank(false)
        .asDropdown(false)
        .tags([])
    )
    .withRow(new RowBuilder('Where and since when').id(1).gridPos({ h: 1, w: 24, x: 0, y: 0 }))
    .withPanel(
      whatChangedPanel({ id: 14, dashboardUid: OVERVIEW_UID, gridPos: { h: 7, w: 24, x: 0, y: 1 }, search: SEARCH })
    )
    .withPanel(opened)
    .withPanel(stat(3, 'Opened', 'Tickets opened in the time range.', ['opened'], 16))
    .withPanel(stat(4, 'Open now', 'Tickets open at the end of the time range.', ['open'], 20))
    .withPanel(
      stat(
        5,
        'Last hour',
        'Tickets opened in the last hour of the range (Rate) and in the hour before (Baseline).',
        ['rate', 'baseline'],
        16
      ).gridPos({
        h: 4,
        w: 4,
        x: 16,
        y: 12,
      })
    )
    .withPanel(
      stat(6, 'vs previous hour', 'Change of the last hour against the hour before.', ['change'], 20)
        .gridPos({ h: 4, w: 4, x: 20, y: 12 })
        .colorMode(BigValueColorMode.Background)
        .thresholds(
          new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
            { value: null, color: 'green' },
            { value: 50, color: 'orange' },
            { value: 200, color: 'red' },
          ])
        )
    )
    .withPanel(breakdownPie(7, 'severity', 'severity', 0))
    .withPanel(breakdownPie(8, 'service', 'service', 6))
    .withPanel(breakdownPie(9, 'region', 'region', 12))
    .withPanel(breakdownPie(10, 'category', 'category', 18))
    .withPanel(topServices)
    .withRow(new RowBuilder('Which tickets').id(12).gridPos({ h: 1, w: 24, x: 0, y: 31 }))
    .withPanel(table)
    .build();
}
