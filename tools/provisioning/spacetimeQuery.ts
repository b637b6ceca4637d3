import { type Builder, type Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { type DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

import {
  type SpacetimeAnnotationQuery,
  type SpacetimeQuery,
  type SpacetimeVariableQuery,
} from '../../src/datasource/types';

export const DATASOURCE_TYPE = 'spacetime-tickets-datasource';
/** The dashboards' datasource variable: every panel follows the ticket source chosen at the top. */
export const DATASOURCE_VARIABLE: DataSourceRef = { type: DATASOURCE_TYPE, uid: '${datasource}' };

/** A Spacetime query as a foundation-SDK data query, typed by the datasource's own query model. */
export function spacetimeQuery(query: Omit<SpacetimeQuery, 'datasource'>): Builder<Dataquery> {
  return {
    build: () => ({ datasource: DATASOURCE_VARIABLE, ...query, _implementsDataqueryVariant() {} }),
  };
}

/** The same for an alert rule's model: alert rules name the datasource by uid, not by variable. */
export function alertQuery(query: Omit<SpacetimeQuery, 'datasource'>, uid: string): Builder<Dataquery> {
  return {
    build: () => ({ datasource: { type: DATASOURCE_TYPE, uid }, ...query, _implementsDataqueryVariant() {} }),
  };
}

export type AnnotationTarget = Omit<SpacetimeAnnotationQuery, 'datasource'>;
export type VariableQuery = Omit<SpacetimeVariableQuery, 'datasource'>;
