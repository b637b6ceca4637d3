import { type DataQuery, type DataSourceJsonData } from '@grafana/schema';

import { type FieldKind, type FilterCondition, type FilterNode } from '../shared/filterModel';
import { type ChainQueryType, type ClickHouseSettings, type CLICKHOUSE_SYSTEM, type Quantile } from './logengine/types';
import { type JsonApiSpec } from './jsonApiTypes';

// The query JSON: docs/query-model.md is the contract with the Go backend (pkg/query).

export type QueryType = 'tickets' | 'timeseries' | 'breakdown' | 'stats' | 'contrast' | ChainQueryType;
export type TimeField = 'opened' | 'updated' | 'resolved';
export type Metric = 'count' | 'open' | 'seasonal';
export type BreakdownFormat = 'long' | 'wide' | 'summary';
export type StatName =
  'opened' | 'open' | 'closed' | 'rate' | 'baseline' | 'change' | 'mttr' | 'seasonal' | 'seasonalMad';

export interface SortSpec {
  field: string;
  desc?: boolean;
}

export interface SpacetimeQuery extends DataQuery {
  queryType?: QueryType;
  /** The query's own filter (a group or a condition). */
  filter?: FilterNode;
  /** Ad hoc filters; applyTemplateVariables appends the dashboard's to these. */
  filters?: FilterCondition[];
  search?: string;
  timeField?: TimeField;
  groupBy?: string[];
  bucket?: string;
  metric?: Metric;
  topN?: number;
  format?: BreakdownFormat;
  sort?: SortSpec[];
  limit?: number;
  stats?: StatName[];
  /** Previous days a seasonal baseline (stats seasonal/seasonalMad, metric seasonal, contrast) spans; default 7. */
  seasonalDays?: number;
  /** contrast: what the range is compared with (default previous: the same length just before it). */
  baseline?: ContrastBaseline;
  /** contrast: the fields compared (default severity and every dimension). */
  fields?: string[];
  /** contrast: also rank pairs of values (default true). */
  pairs?: boolean;
  /** contrast: least tickets in the range (default 5), lift (1.2) and G-test score (24) a value needs. */
  minSupport?: number;
  minLift?: number;
  minScore?: number;
  /** contrast: keep one number (for alert rules); default all. */
  value?: ContrastNumber;
  /** contrast: order by excess tickets (default) or by score. */
  rank?: 'excess' | 'score';
  /** contrast: the ad hoc variable the rows' filter links add to (default filters). */
  adHocVariable?: string;
  /** Log engine: chainLatency's quantiles, the chain query's chain id, and whether chains/clients may read the rollup. */
  quantiles?: Quantile[];
  chain?: string;
  rollup?: 'auto' | 'off';
}

export type ContrastBaseline = 'previous' | 'seasonal' | 'rest';
export type ContrastNumber = 'count' | 'expected' | 'lift' | 'excess' | 'score';

/** An annotation query is a tickets query plus the lowest severity to show. */
export interface SpacetimeAnnotationQuery extends SpacetimeQuery {
  minSeverity?: string;
}

/**
 * A variable query: the values of one field (most frequent first), narrowed by conditions (AND-ed, as the
 * `values` resource takes them) and search.
 */
export interface SpacetimeVariableQuery extends DataQuery {
  field?: string;
  filters?: FilterCondition[];
  search?: string;
  limit?: number;
}

export const DEFAULT_QUERY: Partial<SpacetimeQuery> = {
  queryType: 'tickets',
};

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 100000;
export const DEFAULT_SORT: SortSpec[] = [{ field: 'updated', desc: true }];
export const ALL_STATS: StatName[] = ['opened', 'open', 'closed', 'rate', 'baseline', 'change', 'mttr'];

export type TicketSystem = 'redmine' | 'jira-cloud' | 'jira-dc' | 'github' | 'gitlab' | 'rt' | 'servicenow' | 'pagerduty' | 'jsonapi';

/** How a Jira Data Center datasource authenticates: a personal access token (Bearer) or user name and password. */
export type JiraAuthType = 'pat' | 'basic';

/** A Jira custom field chosen to become a dimension (the backend's settings.JiraCustomField). */
export interface JiraCustomField {
  /** Jira's field id, like customfield_10010. */
  id: string;
  /** The dimension key in filters and frames, like service. */
  key: string;
  name?: string;
  /** Several values per ticket (multi-select, multi-user, labels). */
  multi?: boolean;
  /** The kind the site reported (select, multi-select, cascading-select, user, text, number...). */
  kind?: string;
}

/** One custom field of a Jira site, as the `system/fields` resource lists it ("Fields from Jira"). */
export interface SiteField {
  id: string;
  name: string;
  /** '' when Jira's type cannot become a dimension. */
  kind: string;
  multi: boolean;
  /** Jira's schema type, like "array of option". */
  type: string;
}

/** Request Tracker: an auth token ("Authorization: token", the default) or user name and password. */
export type RTAuthType = 'token' | 'basic';

/** Request Tracker: the severity name of the priorities from `from` up to the next range's `from`. */
export interface PriorityRange {
  name: string;
  from: number;
}

/** One field as the datasource settings map it: its key, display name, and whether it is hidden. */
export interface FieldSetting {
  key: string;
  name?: string;
  hidden?: boolean;
}

/** A severity in the order lowest → highest, with its colour (a Grafana colour name or CSS colour). */
export interface SeveritySetting {
  name: string;
  color?: string;
}

export interface SpacetimeOptions extends DataSourceJsonData {
  system?: TicketSystem | typeof CLICKHOUSE_SYSTEM;
  /** The log engine's settings when system is "clickhouse". */
  clickhouse?: ClickHouseSettings;
  /** The one project to read (Redmine: its identifier, as in /projects/<identifier>, or its numeric id); unset reads all. */
  project?: string;
  /** Days of tickets synced into memory (default 7). */
  syncWindowDays?: number;
  /** Seconds between polls of the ticket system (default 60). */
  pollIntervalSeconds?: number;
  /** Time slices of the sync window the first backfill fetches at once (default 4, 1–16). */
  backfillSlices?: number;
  /** Where the ticket snapshot is kept (absolute path); unset: the default; "off": memory only. */
  dataDir?: string;
  /** Field mapping in column order. */
  fields?: FieldSetting[];
  /** Severity order lowest → highest, with colours. */
  severities?: SeveritySetting[];
  /** Rules that fill dimensions or the severity from labels, components or custom fields (pkg/mapping). */
  mappings?: MappingRule[];
  /** Jira Cloud: the email of the account the API token belongs to. */
  email?: string;
  /** Jira Data Center: "pat" (personal access token, the default) or "basic" with username (DataSourceJsonData's authType). */
  username?: string;
  /** Jira: optional JQL scope ANDed to every search (no ORDER BY). */
  jql?: string;
  /** Jira: custom fields that become dimensions. */
  customFields?: JiraCustomField[];
  /** Request Tracker: optional TicketSQL ANDed to every search, like Queue = 'Ops' AND Status != 'rejected'. */
  ticketSQL?: string;
  /** Request Tracker: the custom field holding the severity; unset reads the numeric priority by priorityRanges. */
  severityField?: string;
  /** Request Tracker: severity names by priority, lowest first (default RT's Low 0, Medium 50, High 100). */
  priorityRanges?: PriorityRange[];
  /** GitHub: the repositories to read (owner/repo), or githubOrganization for every repository of one. */
  githubRepositories?: string[];
  githubOrganization?: string;
  /** GitLab: the projects (group/project or numeric id) and groups (with their subgroups) to read. */
  gitlabProjects?: string[];
  gitlabGroups?: string[];
  /** ServiceNow: the table read (default incident). */
  table?: string;
  /** ServiceNow: an optional encoded query ANDed to every listing (no ^NQ, no ORDERBY). */
  query?: string;
  /** ServiceNow OAuth: the client id (authType "oauth"). */
  clientId?: string;
  /** PagerDuty: the service region, "us" (default) or "eu". */
  region?: 'us' | 'eu';
  /** PagerDuty: the services and teams to read (ids like PABC123); empty reads all. */
  serviceIds?: string[];
  teamIds?: string[];
  /** The JSON API connector's description of the API (pkg/connector/jsonapi.Spec). */
  jsonApi?: JsonApiSpec;
  /** Grafana's standard TLS options (read by the backend's HTTP client). */
  tlsSkipVerify?: boolean;
  tlsAuthWithCACert?: boolean;
}

/**
 * One mapping rule: every value of `from` that starts with `prefix` (ignoring case) gives the rest to `to`; without a
 * prefix every value is copied. `to` is a dimension's key, or "severity".
 */
export interface MappingRule {
  from: string;
  prefix?: string;
  to: string;
  name?: string;
}

/** Kept server-side only: Grafana never sends these back to the browser. */
export interface SpacetimeSecureOptions {
  /** Redmine. */
  apiKey?: string;
  clickhousePassword?: string;
  /** Jira Cloud. */
  apiToken?: string;
  /** Jira Data Center: a personal access token, or the password for basic authentication. */
  personalAccessToken?: string;
  /** Jira Data Center or Request Tracker: the password for basic authentication. */
  password?: string;
  /** Request Tracker: an auth token (Logged in as → Settings → Auth Tokens). */
  authToken?: string;
  /** GitHub: a fine-grained or classic personal access token. */
  githubToken?: string;
  /** GitLab: a personal, group or project access token with read_api. */
  gitlabToken?: string;
  /** ServiceNow OAuth. */
  clientSecret?: string;
  /** JSON API: bearer token. */
  token?: string;
  tlsCACert?: string;
}

export const DEFAULT_SYNC_WINDOW_DAYS = 7;
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
export const DEFAULT_BACKFILL_SLICES = 4;
export const MAX_BACKFILL_SLICES = 16;

/** The `fields` resource: fixed fields first, then the connector's dimensions. */
export interface FieldInfo {
  key: string;
  name: string;
  type: FieldKind;
  /** A multi-valued dimension (labels, components): filters match any of a ticket's values. */
  multi?: boolean;
}

/** The `values` resource: most frequent first. */
export interface ValueCount {
  value: string;
  count: number;
}

/** Fields every ticket has (docs/query-model.md); the rest are dimensions. */
export const FIXED_FIELDS: FieldInfo[] = [
  { key: 'id', name: 'ID', type: 'string' },
  { key: 'title', name: 'Title', type: 'string' },
  { key: 'description', name: 'Description', type: 'string' },
  { key: 'url', name: 'URL', type: 'string' },
  { key: 'severity', name: 'Severity', type: 'string' },
  { key: 'status', name: 'Status', type: 'string' },
  { key: 'state', name: 'State', type: 'string' },
  { key: 'opened', name: 'Opened', type: 'time' },
  { key: 'updated', name: 'Updated', type: 'time' },
  { key: 'resolved', name: 'Resolved', type: 'time' },
];

export const FIXED_KEYS = new Set(FIXED_FIELDS.map((f) => f.key));

/** Redmine's default priorities, lowest first: the severity order when the settings give none. */
export const REDMINE_SEVERITIES: SeveritySetting[] = [
  { name: 'Low', color: 'blue' },
  { name: 'Normal', color: 'green' },
  { name: 'High', color: 'orange' },
  { name: 'Urgent', color: 'red' },
  { name: 'Immediate', color: 'purple' },
];

/** Request Tracker's default priority labels (RT 5's %PriorityAsString), lowest first. */
export const RT_SEVERITIES: SeveritySetting[] = [
  { name: 'Low', color: 'green' },
  { name: 'Medium', color: 'orange' },
  { name: 'High', color: 'red' },
];

/** The priority ranges the backend uses when the settings give none (pkg/connector/rt). */
export const RT_PRIORITY_RANGES: PriorityRange[] = [
  { name: 'Low', from: 0 },
  { name: 'Medium', from: 50 },
  { name: 'High', from: 100 },
];

/** Jira's default priorities, lowest first, in Jira's default colours. */
export const JIRA_SEVERITIES: SeveritySetting[] = [
  { name: 'Lowest', color: '#999999' },
  { name: 'Low', color: '#707070' },
  { name: 'Medium', color: '#f79232' },
  { name: 'High', color: '#f15c75' },
  { name: 'Highest', color: '#d04437' },
];

/** The severities the GitHub and GitLab connectors map labels and incident severities onto, lowest first. */
export const LABEL_SEVERITIES: SeveritySetting[] = [
  { name: 'low', color: 'blue' },
  { name: 'medium', color: 'yellow' },
  { name: 'high', color: 'orange' },
  { name: 'critical', color: 'red' },
];

/** ServiceNow's priorities 5 → 1, lowest first. */
export const SERVICENOW_SEVERITIES: SeveritySetting[] = [
  { name: 'Planning', color: 'text' },
  { name: 'Low', color: 'blue' },
  { name: 'Moderate', color: 'yellow' },
  { name: 'High', color: 'orange' },
  { name: 'Critical', color: 'dark-red' },
];

/** PagerDuty's urgencies, then its default priorities P5 → P1, lowest first (the account's colours). */
export const PAGERDUTY_SEVERITIES: SeveritySetting[] = [
  { name: 'low', color: 'blue' },
  { name: 'high', color: 'orange' },
  { name: 'P5', color: '#6c6c6c' },
  { name: 'P4', color: '#0a9cde' },
  { name: 'P3', color: '#f9b406' },
  { name: 'P2', color: '#eb6016' },
  { name: 'P1', color: '#a8171c' },
];
