/**
 * The JSON API connector's settings (jsonData.jsonApi), as pkg/connector/jsonapi.Spec reads them. Paths are GJSON
 * paths (github.com/tidwall/gjson), the syntax Grafana's Infinity datasource uses.
 */
export interface JsonApiSpec {
  /** Path and query relative to the URL, with {since} {from} {to} {page} {cursor}. */
  urlTemplate: string;
  /** The format of each time placeholder: rfc3339 (default), epoch_s, epoch_ms or a Go layout. */
  queryTimeFormats?: Partial<Record<'since' | 'from' | 'to', string>>;
  paging: JsonApiPaging;
  /** Path of the array of tickets ('' or @this: the answer is the array). */
  root: string;
  fields: JsonApiFields;
  /** The tickets' time format: '' (RFC 3339 or epoch numbers), epoch_s, epoch_ms or a Go layout. */
  timeFormat?: string;
  dimensions?: JsonApiDimension[];
  closed: JsonApiRule;
  deleted?: JsonApiRule;
  /** A ticket's link when no url path is mapped: {url}/tickets/{id}. */
  ticketUrl?: string;
  severities?: string[];
  auth: JsonApiAuth;
}

export type JsonApiPagingStyle = 'none' | 'offset' | 'page' | 'link' | 'nextUrl' | 'cursor';

export interface JsonApiPaging {
  style: JsonApiPagingStyle;
  size?: number;
  offsetParam?: string;
  limitParam?: string;
  pageParam?: string;
  sizeParam?: string;
  first?: number;
  /** Path of the next page's URL (nextUrl) or cursor (cursor). */
  next?: string;
  cursorParam?: string;
  /** Path of an end-of-stream flag. */
  end?: string;
  /** Path of the total count. */
  total?: string;
}

export type JsonApiFieldKey =
  'id' | 'title' | 'description' | 'url' | 'severity' | 'status' | 'opened' | 'updated' | 'resolved';

export type JsonApiFields = Partial<Record<JsonApiFieldKey, string>>;

export interface JsonApiDimension {
  key: string;
  name?: string;
  path: string;
  multi?: boolean;
}

export interface JsonApiRule {
  path: string;
  in?: string[];
  present?: boolean;
}

export type JsonApiAuthType = 'none' | 'bearer' | 'basic' | 'header' | 'query';

export interface JsonApiAuth {
  type: JsonApiAuthType;
  username?: string;
  header?: string;
  param?: string;
  prefix?: string;
}

/** A preset from the `system/presets` resource. */
export interface JsonApiPreset {
  id: string;
  name: string;
  url: string;
  spec: JsonApiSpec;
}

/** The `system/test-mapping` resource's answer. */
export interface MappingReport {
  records: number;
  deleted: number;
  tickets: MappedTicket[];
  problems: Array<{
    record: number;
    id?: string;
    field: string;
    path: string;
    missing?: boolean;
    reason?: string;
    text: string;
  }>;
}

export interface MappedTicket {
  id: string;
  title: string;
  severity: string;
  status: string;
  state: string;
  opened: string;
  updated: string;
  resolved: string;
  url: string;
  dimensions: Record<string, string[] | null>;
}

export const EMPTY_JSON_API_SPEC: JsonApiSpec = {
  urlTemplate: '',
  paging: { style: 'none' },
  root: '',
  fields: { id: 'id', opened: 'created_at' },
  closed: { path: 'status', in: ['closed'] },
  auth: { type: 'bearer' },
};
