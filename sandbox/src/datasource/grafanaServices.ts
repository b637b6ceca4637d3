import { from, type Observable } from 'rxjs';
import type { DataSourceApi, DataSourceInstanceSettings, DataSourceRef, ScopedVars, TypedVariableModel } from '@grafana/data';
import {
  type BackendSrv,
  type BackendSrvRequest,
  type DataSourceSrv,
  type FetchResponse,
  type TemplateSrv,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';

// Grafana's own services need Grafana's app around them; these send the same HTTP requests to the
// grafana-standin (tests/grafanahost/cmd/grafana-standin), which answers like Grafana's API.

function queryString(params: BackendSrvRequest['params']): string {
  if (!params) {
    return '';
  }
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (v === undefined || v === null) {
      continue;
    }
    for (const one of Array.isArray(v) ? v : [v]) {
      search.append(k, String(one));
    }
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const url = options.url + queryString(options.params);
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
    body: options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const response = {
    data: data as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
  if (!res.ok) {
    // Grafana's backendSrv rejects with the response, whose data carries {message}.
    throw response;
  }
  return response;
}

const backendSrv = {
  fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)),
  request: async <T>(options: BackendSrvRequest): Promise<T> => (await send<T>(options)).data,
  datasourceRequest: <T>(options: BackendSrvRequest) => send<T>(options),
  get: async <T>(url: string, params?: BackendSrvRequest['params']) => (await send<T>({ url, params })).data,
  delete: async <T>(url: string, data?: unknown) => (await send<T>({ url, method: 'DELETE', data })).data,
  post: async <T>(url: string, data?: unknown) => (await send<T>({ url, method: 'POST', data })).data,
  put: async <T>(url: string, data?: unknown) => (await send<T>({ url, method: 'PUT', data })).data,
  patch: async <T>(url: string, data?: unknown) => (await send<T>({ url, method: 'PATCH', data })).data,
  resolveCancelerIfExists: () => {},
} as unknown as BackendSrv;

/** A dashboard without variables: text passes through unchanged. */
const templateSrv: TemplateSrv = {
  getVariables: () => [] as TypedVariableModel[],
  replace: (target?: string, _scopedVars?: ScopedVars) => target ?? '',
  containsTemplate: (target?: string) => /\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\]/.test(target ?? ''),
  updateTimeRange: () => {},
  getAdhocFilters: () => [],
} as unknown as TemplateSrv;

/** Installs the services the datasource plugin calls through @grafana/runtime; one datasource is known. */
export function installGrafanaServices(settings: () => DataSourceInstanceSettings, instance: () => DataSourceApi | undefined) {
  setBackendSrv(backendSrv);
  setTemplateSrv(templateSrv);
  const matches = (ref?: DataSourceRef | string | null) =>
    ref === undefined || ref === null || (typeof ref === 'string' ? ref === settings().uid || ref === settings().name : ref.uid === settings().uid);
  const dataSourceSrv = {
    getInstanceSettings: (ref?: DataSourceRef | string | null) => (matches(ref) ? settings() : undefined),
    get: async (ref?: DataSourceRef | string | null) => {
      const ds = instance();
      if (!ds || !matches(ref)) {
        throw new Error(`Unknown datasource ${JSON.stringify(ref)}`);
      }
      return ds;
    },
    getList: () => [settings()],
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  } as unknown as DataSourceSrv;
  setDataSourceSrv(dataSourceSrv);
}
