import type { DataSourceInstanceSettings, DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';

export const DATASOURCE_UID = 'spacetime-redmine';
const API = `/api/datasources/uid/${DATASOURCE_UID}`;

interface StoredDatasource {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string;
  jsonData: Record<string, unknown> | null;
  secureJsonFields: Record<string, boolean>;
}

async function json<T>(res: Response): Promise<T> {
  const body = await res.json();
  if (!res.ok) {
    throw new Error(body?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** Loads the datasource as Grafana's settings page does (secrets only as "configured" flags). */
export async function loadSettings(meta: DataSourcePluginMeta): Promise<DataSourceSettings> {
  const ds = await json<StoredDatasource>(await fetch(API));
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: 1,
    name: ds.name,
    type: ds.type,
    typeName: meta.name,
    typeLogoUrl: meta.info?.logos?.small ?? '',
    access: 'proxy',
    url: ds.url ?? '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: true,
    jsonData: ds.jsonData ?? {},
    secureJsonFields: ds.secureJsonFields ?? {},
    readOnly: false,
    withCredentials: false,
  };
}

/** Saves like Grafana's "Save & test": jsonData as edited, secureJsonData only for the secrets typed in. */
export async function saveSettings(settings: DataSourceSettings): Promise<void> {
  await json(await fetch(API, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) }));
}

export interface Health {
  status: 'OK' | 'ERROR';
  message: string;
}

export async function testDatasource(): Promise<Health> {
  const res = await fetch(`${API}/health`);
  const body = await res.json();
  return { status: body.status === 'OK' ? 'OK' : 'ERROR', message: body.message ?? `HTTP ${res.status}` };
}

export function instanceSettings(s: DataSourceSettings, meta: DataSourcePluginMeta): DataSourceInstanceSettings {
  return {
    id: s.id,
    uid: s.uid,
    type: s.type,
    name: s.name,
    meta,
    access: 'proxy',
    jsonData: s.jsonData,
    readOnly: false,
  };
}
