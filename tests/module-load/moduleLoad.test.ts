import fs from 'fs';
import path from 'path';
import { AppPlugin, DataSourcePlugin, PanelPlugin } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';

import { evaluateAmdModule } from '../../sandbox/src/amd';
import { registerOptionEditors } from '../../sandbox/src/optionEditors';
import { sharedDependencies } from '../../sandbox/src/sharedDependencies';

registerOptionEditors();

const dist = path.resolve(__dirname, '../../dist');

function loadBuilt(relative: string) {
  const file = path.join(dist, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run "npm run build" first`);
  }
  return evaluateAmdModule(fs.readFileSync(file, 'utf8'), `public/plugins/spacetime-tickets-app/${relative}`, sharedDependencies);
}

function pluginJson(relative: string) {
  return JSON.parse(fs.readFileSync(path.join(dist, relative), 'utf8'));
}

describe('built modules load as Grafana loads them', () => {
  test('the app module exports an AppPlugin with a root page and a config page', () => {
    const { plugin } = loadBuilt('module.js');
    expect(plugin).toBeInstanceOf(AppPlugin);
    const app = plugin as AppPlugin;
    expect(app.root).toEqual(expect.any(Function));
    expect(app.configPages?.map((p) => p.id)).toEqual(['configuration']);
  });

  test('the datasource module exports a DataSourcePlugin with config and query editors', () => {
    const { plugin } = loadBuilt('datasource/module.js');
    expect(plugin).toBeInstanceOf(DataSourcePlugin);
    const ds = plugin as DataSourcePlugin<any>;
    expect(ds.components.ConfigEditor).toEqual(expect.any(Function));
    expect(ds.components.QueryEditor).toEqual(expect.any(Function));
    expect(ds.DataSourceClass.prototype).toBeInstanceOf(DataSourceWithBackend);
  });

  test('the panel module exports a PanelPlugin with its options', () => {
    const { plugin } = loadBuilt('panel/module.js');
    expect(plugin).toBeInstanceOf(PanelPlugin);
    const panel = plugin as PanelPlugin;
    expect(panel.panel).toEqual(expect.any(Function));
    expect(panel.defaults).toEqual({
      frameIndex: 0,
      showHeader: true,
      columnOrder: '',
      hiddenColumns: 'url,description',
      hideNonMatching: false,
      rowHeight: 28,
      searchVariable: '',
    });
  });

  test('plugin.json files are laid out as Grafana loads nested plugins', () => {
    const app = pluginJson('plugin.json');
    const datasource = pluginJson('datasource/plugin.json');
    const panel = pluginJson('panel/plugin.json');
    expect(app).toMatchObject({ type: 'app', id: 'spacetime-tickets-app' });
    expect(datasource).toMatchObject({
      type: 'datasource',
      id: 'spacetime-tickets-datasource',
      backend: true,
      alerting: true,
      annotations: true,
      executable: 'gpx_spacetime_tickets',
    });
    expect(panel).toMatchObject({ type: 'panel', id: 'spacetime-tickettable-panel' });
    expect(app.info.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const include of app.includes.filter((i: { type: string }) => i.type === 'dashboard')) {
      expect(fs.existsSync(path.join(dist, include.path))).toBe(true);
    }
  });

  test('a module that imports something Grafana does not share fails with its name', () => {
    const source = 'define(["left-pad"], function (lp) { return { plugin: lp }; });';
    expect(() => evaluateAmdModule(source, 'x/module.js', sharedDependencies)).toThrow(
      'x/module.js imports "left-pad", which Grafana does not share with plugins'
    );
  });
});
