import { DataSourcePlugin } from '@grafana/data';

import { SpacetimeDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { type SpacetimeOptions, type SpacetimeQuery, type SpacetimeSecureOptions } from './types';

export const plugin = new DataSourcePlugin<SpacetimeDataSource, SpacetimeQuery, SpacetimeOptions, SpacetimeSecureOptions>(
  SpacetimeDataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
