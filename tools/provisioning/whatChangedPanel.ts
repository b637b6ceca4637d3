import { type Builder } from '@grafana/grafana-foundation-sdk/cog';
import { VisibilityMode, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { type DashboardLink, type DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarChartBuilder } from '@grafana/grafana-foundation-sdk/barchart';

import { type FilterNode } from '../../src/shared/filterModel';
import { spacetimeQuery } from './spacetimeQuery';

/** The contrast frame's numbers the bars leave out (the tooltip still shows them). */
const TOOLTIP_ONLY = ['count', 'expected', 'score'];

const hidden: DynamicConfigValue = { id: 'custom.hideFrom', value: { viz: true, legend: true, tooltip: false } };

/**
 * One click adds the row's values (a pair adds both) to the dashboard's ad hoc filters: the backend writes the URL text
 * (`var-filters=service%7C%3D%7Ccheckout…`) into the row's `filters` field. The panel then re-ranks within the filter.
 */
function addFiltersLink(dashboardUid: string): Builder<DashboardLink> {
  const link = {
    title: 'Filter the dashboard to this',
    url: `/d/${dashboardUid}?\${__url.params}&\${__data.fields.filters}`,
    oneClick: true,
  };
  return { build: () => link as unknown as DashboardLink };
}

/**
 * "What changed": the values (and pairs) over-represented in the time range against the same length before it
 * (contrast), best first, as bars of their excess tickets with their lift beside them.
 */
export function whatChangedPanel(opts: {
  id: number;
  dashboardUid: string;
  gridPos: { h: number; w: number; x: number; y: number };
  search: string;
  filter?: FilterNode;
  title?: string;
}): BarChartBuilder {
  const panel = new BarChartBuilder()
    .id(opts.id)
    .title(opts.title ?? 'What changed')
    .description(
      'Values of severity and every dimension (and pairs of them) over-represented in the time range against the same ' +
        'length of time just before it: bars are the excess tickets, the lift says how many times the expected count. ' +
        'Only values that pass the significance score are shown. Click one to filter the dashboard; the panel then ' +
        're-ranks within the filter. Zoom the time series to a spike to contrast just the spike.'
    )
    .gridPos(opts.gridPos)
    .withTarget(
      spacetimeQuery({
        refId: 'A',
        queryType: 'contrast',
        baseline: 'previous',
        pairs: true,
        topN: 8,
        search: opts.search,
        ...(opts.filter ? { filter: opts.filter } : {}),
      })
    )
    .xField('name')
    .orientation(VizOrientation.Horizontal)
    .showValue(VisibilityMode.Always)
    .dataLinks([addFiltersLink(opts.dashboardUid)])
    .overrideByName('excess', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'orange' } }])
    .overrideByName('lift', [
      { id: 'custom.axisPlacement', value: 'right' },
      { id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } },
    ]);
  for (const name of TOOLTIP_ONLY) {
    panel.overrideByName(name, [hidden]);
  }
  return panel;
}
