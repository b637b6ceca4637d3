import { type DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';

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
}
