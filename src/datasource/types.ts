import { type DataQuery, type DataSourceJsonData } from '@grafana/schema';

export type QueryType = 'tickets';

export interface SpacetimeQuery extends DataQuery {
  queryType?: QueryType;
  /** Most recently updated tickets to return (1–1000). */
  limit?: number;
}

export const DEFAULT_QUERY: Partial<SpacetimeQuery> = {
  queryType: 'tickets',
  limit: 100,
};

export const MAX_LIMIT = 1000;

export type TicketSystem = 'redmine';

export interface SpacetimeOptions extends DataSourceJsonData {
  system?: TicketSystem;
}

/** Kept server-side only: Grafana never sends these back to the browser. */
export interface SpacetimeSecureOptions {
  apiKey?: string;
}
