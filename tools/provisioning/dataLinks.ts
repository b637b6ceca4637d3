import { type Builder } from '@grafana/grafana-foundation-sdk/cog';
import { type DashboardLink } from '@grafana/grafana-foundation-sdk/dashboard';

export const AD_HOC_VARIABLE = 'filters';

/** Grafana's field data link. The 11.6 schema types field links as dashboard links, which lack `oneClick`. */
interface FieldDataLink {
  title: string;
  url: string;
  oneClick?: boolean;
}

/**
 * A one-click link that adds `key = <clicked value>` to the dashboard's ad hoc filters and keeps every other URL
 * parameter (time range, other filters, search): Grafana's URL form of an ad hoc filter is `var-filters=key|=|value`,
 * and repeating the parameter adds a filter, so clicks are cumulative.
 */
export function filterByValueLink(dashboardUid: string, key: string, label: string): Builder<DashboardLink> {
  const link: FieldDataLink = {
    title: `Filter the dashboard to this ${label}`,
    url: `/d/${dashboardUid}?\${__url.params}&var-${AD_HOC_VARIABLE}=${key}%7C%3D%7C\${__data.fields.${key}:percentencode}`,
    oneClick: true,
  };
  return { build: () => link as unknown as DashboardLink };
}
