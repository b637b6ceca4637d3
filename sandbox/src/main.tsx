import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type DataFrame, PanelPlugin, createTheme } from '@grafana/data';
import { Alert, GlobalStyles, LoadingPlaceholder, ThemeContext, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';

import { loadPluginModule } from './amdLoader';
import { loadFrames } from './frames';
import { registerOptionEditors } from './optionEditors';
import { PanelHost } from './PanelHost';
import { grafanaTablePlugin } from './grafanaTablePlugin';
import { locationService } from '@grafana/runtime';
import { DatasourcePage } from './datasource/DatasourcePage';
import { DashboardPage } from './dashboard/DashboardPage';

registerOptionEditors();

// For the benchmark: drive URL state the way a dashboard link or back/forward would.
(window as unknown as { sandboxLocationService: typeof locationService }).sandboxLocationService = locationService;

const params = new URLSearchParams(window.location.search);
const theme = createTheme({ colors: { mode: params.get('theme') === 'light' ? 'light' : 'dark' } });

/** `?options=<JSON>`: panel options over the plugin's defaults, as a dashboard's panel JSON would set them. */
function optionsFromUrl(): Record<string, unknown> | undefined {
  const raw = params.get('options');
  if (!raw) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface Loaded {
  plugin: PanelPlugin;
  frames: DataFrame[];
}

function Sandbox() {
  const styles = useStyles2(() => ({
    page: css({ padding: 16, height: '100vh', boxSizing: 'border-box', background: theme.colors.background.canvas }),
  }));
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const framesName = params.get('frames') ?? 'tickets';
    const grafanaTable = params.get('table') === 'grafana';
    Promise.all([grafanaTable ? Promise.resolve({ plugin: grafanaTablePlugin }) : loadPluginModule('/dist/panel/module.js'), loadFrames(framesName)])
      .then(([module, frames]) => {
        performance.mark('sandbox-frames-loaded');
        if (!(module.plugin instanceof PanelPlugin)) {
          throw new Error('/dist/panel/module.js does not export a PanelPlugin named "plugin"');
        }
        setLoaded({ plugin: module.plugin, frames });
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  return (
    <div className={styles.page} data-testid="sandbox">
      {error && <Alert title="Sandbox could not load the panel">{error}</Alert>}
      {!error && !loaded && <LoadingPlaceholder text="Loading panel…" />}
      {loaded && <PanelHost plugin={loaded.plugin} initialOptions={optionsFromUrl()} frames={loaded.frames} width={window.innerWidth - 32} height={window.innerHeight - 32} />}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    {params.get('page') === 'datasource' ? <DatasourcePage /> : params.get('page') === 'dashboard' ? <DashboardPage /> : <Sandbox />}
  </ThemeContext.Provider>
);
