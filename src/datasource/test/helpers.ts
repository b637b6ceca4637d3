// Test doubles for Grafana's runtime services. Resource calls go over real fetch to msw (see jsdomWithFetch.js).

import { type DataSourceInstanceSettings, type ScopedVars } from '@grafana/data';
import { type BackendSrv, type BackendSrvRequest, type FetchResponse, setBackendSrv, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';

import { SpacetimeDataSource } from '../datasource';
import { FIXED_FIELDS, type SpacetimeOptions } from '../types';

export const GRAFANA = 'http://grafana.test';
export const DS_UID = 'spacetime-uid';
export const RESOURCES = `${GRAFANA}/api/datasources/uid/${DS_UID}/resources`;

/** getBackendSrv().fetch/get over the global fetch, with Grafana's error shape ({ status, data }). */
export function installBackendSrv() {
  const doFetch = async (options: BackendSrvRequest): Promise<FetchResponse> => {
    const url = new URL(options.url, GRAFANA);
    for (const [k, v] of Object.entries(options.params ?? {})) {
      if (v !== undefined) {
        url.searchParams.set(k, String(v));
      }
    }
    const res = await fetch(url, {
      method: options.method ?? 'GET',
      body: options.data === undefined ? undefined : JSON.stringify(options.data),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      throw { status: res.status, statusText: res.statusText, data };
    }
    return { data, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, redirected: false, type: 'basic', url: url.toString(), config: options };
  };
  const srv = {
    fetch: (options: BackendSrvRequest): Observable<FetchResponse> => from(doFetch(options)),
    get: async (url: string, params?: BackendSrvRequest['params']) => (await doFetch({ url, params })).data,
  };
  setBackendSrv(srv as unknown as BackendSrv);
}

export interface FakeVariable {
  /** '$__all' selects All. */
  current: string | string[];
  options?: string[];
  allValue?: string;
}

const VAR = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g;

/** Grafana's template service, reduced to replace(): scoped vars first, multi-values and All as arrays. */
export function installTemplateSrv(variables: Record<string, FakeVariable>) {
  const srv = {
    getVariables: () => [],
    containsTemplate: (t?: string) => Boolean(t && VAR.test(t)),
    updateTimeRange: () => {},
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) => {
      if (!target) {
        return target ?? '';
      }
      return target.replace(VAR, (match, a, b, _fmt, c) => {
        const name = a ?? b ?? c;
        let value: string | string[];
        if (scopedVars?.[name]) {
          value = String(scopedVars[name]!.value);
        } else if (variables[name]) {
          const v = variables[name];
          value = v.current === '$__all' ? (v.allValue ?? v.options ?? []) : v.current;
        } else {
          return match;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      });
    },
  };
  setTemplateSrv(srv as unknown as TemplateSrv);
}

export function instanceSettings(jsonData: SpacetimeOptions = {}): DataSourceInstanceSettings<SpacetimeOptions> {
  // `id` is deprecated (and unused by the datasource) but still required by the type.
  return {
    uid: DS_UID,
    type: 'spacetime-tickets-datasource',
    name: 'Spacetime',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'spacetime-tickets-datasource' } as DataSourceInstanceSettings['meta'],
  } as DataSourceInstanceSettings<SpacetimeOptions>;
}

export function newDataSource(jsonData: SpacetimeOptions = {}): SpacetimeDataSource {
  return new SpacetimeDataSource(instanceSettings(jsonData));
}

/** The backend's `fields` resource for a Redmine with Service and Region custom fields. */
export const FIELDS = [
  ...FIXED_FIELDS,
  { key: 'service', name: 'Service', type: 'string' },
  { key: 'region', name: 'Region', type: 'string' },
];
