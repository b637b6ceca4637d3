import React, { useCallback, useEffect, useMemo, useState } from 'react';
import {
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  type DataSourceSettings,
  LoadingState,
  type PanelPlugin,
  dateTime,
} from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import { PanelHost } from '../PanelHost';
import { installGrafanaServices } from './grafanaServices';
import { type Health, instanceSettings, loadSettings, saveSettings, testDatasource } from './settings';

interface Props {
  plugin: DataSourcePlugin<DataSourceApi<DataQuery>>;
  meta: DataSourcePluginMeta;
  panel: PanelPlugin;
}

/** Grafana's data source settings page and a query editor with "Run query", for one Spacetime data source. */
export function DatasourceHost({ plugin, meta, panel }: Props) {
  const styles = useStyles2(getStyles);
  const [settings, setSettings] = useState<DataSourceSettings>();
  const [version, setVersion] = useState(0); // a new datasource instance after every save, as Grafana makes
  const [health, setHealth] = useState<Health>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    loadSettings(meta).then(setSettings, (e: Error) => setError(e.message));
  }, [meta]);

  const ds = useMemo(() => {
    if (!settings || !plugin.DataSourceClass) {
      return undefined;
    }
    return new plugin.DataSourceClass(instanceSettings(settings, meta));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only saved settings make a new instance
  }, [version, plugin, meta, settings === undefined]);

  useEffect(() => {
    if (settings) {
      installGrafanaServices(() => instanceSettings(settings, meta), () => ds);
    }
  }, [settings, meta, ds]);

  const saveAndTest = useCallback(async () => {
    if (!settings) {
      return;
    }
    setHealth(undefined);
    try {
      await saveSettings(settings);
      const saved = await loadSettings(meta);
      setSettings(saved);
      setVersion((v) => v + 1);
      setHealth(await testDatasource());
    } catch (e) {
      setHealth({ status: 'ERROR', message: (e as Error).message });
    }
  }, [settings, meta]);

  if (error) {
    return <Alert title="Could not load the data source">{error}</Alert>;
  }
  if (!settings || !ds) {
    return null;
  }
  const ConfigEditor = plugin.components.ConfigEditor;
  return (
    <div className={styles.page}>
      <section aria-label="Data source settings" className={styles.section}>
        <h2>Settings</h2>
        {ConfigEditor && <ConfigEditor options={settings} onOptionsChange={setSettings} />}
        <Stack gap={1}>
          <Button onClick={saveAndTest}>Save &amp; test</Button>
        </Stack>
        {health && (
          <Alert severity={health.status === 'OK' ? 'success' : 'error'} title={health.message} data-testid="health" />
        )}
      </section>
      <QuerySection key={version} ds={ds} plugin={plugin} panel={panel} />
    </div>
  );
}

interface QueryProps {
  ds: DataSourceApi<DataQuery>;
  plugin: DataSourcePlugin<DataSourceApi<DataQuery>>;
  panel: PanelPlugin;
}

function QuerySection({ ds, plugin, panel }: QueryProps) {
  const styles = useStyles2(getStyles);
  const [query, setQuery] = useState<DataQuery>(() => ({ refId: 'A', ...(ds.getDefaultQuery?.(CoreApp.PanelEditor) ?? {}) }));
  const [frames, setFrames] = useState<DataFrame[]>();
  const [queryError, setQueryError] = useState<string>();
  const [running, setRunning] = useState(false);
  const range = useMemo(() => {
    const to = dateTime();
    const from = dateTime().subtract(7, 'd');
    return { from, to, raw: { from: 'now-7d', to: 'now' } };
  }, []);

  const run = useCallback(() => {
    setRunning(true);
    setQueryError(undefined);
    const request = {
      requestId: 'sandbox',
      interval: '1h',
      intervalMs: 3_600_000,
      maxDataPoints: 1000,
      range,
      scopedVars: {},
      targets: [{ ...query, datasource: { type: ds.type, uid: ds.uid } }],
      timezone: 'utc',
      app: CoreApp.PanelEditor,
      startTime: Date.now(),
      filters: [],
    } as unknown as DataQueryRequest<DataQuery>;
    const result = ds.query(request);
    const done = (r: { data: DataFrame[]; errors?: Array<{ message?: string }>; error?: { message?: string }; state?: LoadingState }) => {
      const err = r.errors?.[0]?.message ?? r.error?.message;
      setQueryError(err);
      setFrames(r.data);
      setRunning(false);
    };
    if ('subscribe' in result) {
      result.subscribe({ next: done, error: (e: { data?: { message?: string }; message?: string }) => done({ data: [], error: { message: e?.data?.message ?? e?.message } }) });
    } else {
      (result as Promise<{ data: DataFrame[] }>).then(done, (e: Error) => done({ data: [], error: { message: e.message } }));
    }
  }, [ds, query, range]);

  const QueryEditor = plugin.components.QueryEditor;
  const table = frames?.find((f) => String(f.meta?.type) === 'table' || f.name === 'tickets');
  return (
    <section aria-label="Query" className={styles.section}>
      <h2>Query</h2>
      {QueryEditor && <QueryEditor datasource={ds} query={query} onChange={setQuery} onRunQuery={run} range={range} app={CoreApp.PanelEditor} />}
      <Stack gap={1}>
        <Button onClick={run} disabled={running} icon={running ? 'spinner' : 'play'}>
          Run query
        </Button>
      </Stack>
      {queryError && <Alert severity="error" title={queryError} data-testid="query-error" />}
      {frames && (
        <div data-testid="query-result">
          {frames.map((f, i) => (
            <div key={i} data-testid="result-frame" data-frame-type={f.meta?.type ?? ''} data-rows={f.length}>
              {f.name ?? `frame ${i + 1}`}: {f.length} rows, {f.fields.length} fields ({f.meta?.type ?? 'no type'})
              {f.meta?.notices?.map((n, j) => (
                <div key={j} data-testid="notice">{n.text}</div>
              ))}
            </div>
          ))}
        </div>
      )}
      {table && <PanelHost plugin={panel} frames={[table]} width={1200} height={420} />}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 1240 }),
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
