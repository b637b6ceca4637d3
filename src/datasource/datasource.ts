import { type DataSourceInstanceSettings, type ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { DEFAULT_QUERY, type SpacetimeOptions, type SpacetimeQuery } from './types';

export class SpacetimeDataSource extends DataSourceWithBackend<SpacetimeQuery, SpacetimeOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<SpacetimeOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(): Partial<SpacetimeQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: SpacetimeQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: SpacetimeQuery, scopedVars: ScopedVars): SpacetimeQuery {
    return {
      ...query,
      queryType: (getTemplateSrv().replace(query.queryType ?? '', scopedVars) || DEFAULT_QUERY.queryType) as SpacetimeQuery['queryType'],
    };
  }
}
