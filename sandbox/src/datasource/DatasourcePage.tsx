import React, { useEffect, useState } from 'react';
import { type DataQuery, type DataSourceApi, DataSourcePlugin, type DataSourcePluginMeta, PanelPlugin, type GrafanaTheme2 } from '@grafana/data';
import { Alert, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';

import { loadPluginModule } from '../amdLoader';
import { DatasourceHost } from './DatasourceHost';

interface Loaded {
  plugin: DataSourcePlugin<DataSourceApi<DataQuery>>;
  meta: DataSourcePluginMeta;
  panel: PanelPlugin;
}

/** `?page=datasource`: the built datasource's editors against the grafana-standin (Grafana's API, real backend). */
export function DatasourcePage() {
  const styles = useStyles2((theme: GrafanaTheme2) => ({
    page: css({ padding: theme.spacing(2), minHeight: '100vh', background: theme.colors.background.canvas }),
  }));
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    Promise.all([
      loadPluginModule('/dist/datasource/module.js'),
      fetch('/dist/datasource/plugin.json').then((r) => r.json() as Promise<DataSourcePluginMeta>),
      loadPluginModule('/dist/panel/module.js'),
    ])
      .then(([module, meta, panelModule]) => {
        if (!(module.plugin instanceof DataSourcePlugin)) {
          throw new Error('/dist/datasource/module.js does not export a DataSourcePlugin named "plugin"');
        }
        if (!(panelModule.plugin instanceof PanelPlugin)) {
          throw new Error('/dist/panel/module.js does not export a PanelPlugin named "plugin"');
        }
        module.plugin.meta = meta;
        setLoaded({ plugin: module.plugin as DataSourcePlugin<DataSourceApi<DataQuery>>, meta, panel: panelModule.plugin });
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <div className={styles.page}>
      {error && <Alert title="Sandbox could not load the data source">{error}</Alert>}
      {!error && !loaded && <LoadingPlaceholder text="Loading data source…" />}
      {loaded && <DatasourceHost plugin={loaded.plugin} meta={loaded.meta} panel={loaded.panel} />}
    </div>
  );
}
