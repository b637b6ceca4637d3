import {
  type DataFrame,
  type FieldDisplay,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  type GrafanaTheme2,
  type ReduceDataOptions,
  type ThresholdsConfig,
  FieldConfigOptionsRegistry,
  ThresholdsMode,
  applyFieldOverrides,
  getFieldDisplayValues,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

import type { DashboardPanel } from './types';

/**
 * Each panel type's field config defaults, as Grafana's panel plugins declare them and a panel saved from Grafana
 * carries them (the provisioned JSON only sets what differs). Grafana merges them into the panel's field config when
 * it loads the plugin; the plugins themselves live in Grafana's app, not in a package.
 */
const DEFAULT_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { color: 'green', value: -Infinity },
    { color: 'red', value: 80 },
  ],
};

const PANEL_DEFAULTS: Record<string, FieldConfigSource['defaults']> = {
  timeseries: {
    color: { mode: 'palette-classic' },
    custom: {
      axisBorderShow: false,
      axisCenteredZero: false,
      axisColorMode: 'text',
      axisLabel: '',
      axisPlacement: 'auto',
      barAlignment: 0,
      barWidthFactor: 0.6,
      drawStyle: 'line',
      fillOpacity: 0,
      gradientMode: 'none',
      hideFrom: { legend: false, tooltip: false, viz: false },
      insertNulls: false,
      lineInterpolation: 'linear',
      lineWidth: 1,
      pointSize: 5,
      scaleDistribution: { type: 'linear' },
      showPoints: 'auto',
      spanNulls: false,
      stacking: { group: 'A', mode: 'none' },
      thresholdsStyle: { mode: 'off' },
    },
    mappings: [],
    thresholds: DEFAULT_THRESHOLDS,
  },
  stat: {
    color: { mode: 'thresholds' },
    mappings: [],
    thresholds: DEFAULT_THRESHOLDS,
  },
  piechart: {
    color: { mode: 'palette-classic' },
    custom: { hideFrom: { legend: false, tooltip: false, viz: false } },
    mappings: [],
  },
  barchart: {
    color: { mode: 'palette-classic' },
    custom: {
      fillOpacity: 80,
      gradientMode: 'none',
      lineWidth: 1,
      hideFrom: { legend: false, tooltip: false, viz: false },
    },
    mappings: [],
    thresholds: DEFAULT_THRESHOLDS,
  },
};

const noEditor = () => null;

function standardItem(id: string, process: FieldConfigPropertyItem['process']): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor: noEditor, override: noEditor, process, shouldApply: () => true };
}

/**
 * Grafana core fills @grafana/data's standard field config registry at boot (its option editors are in the app, not
 * in a package), so in the sandbox it is empty. This registry has the standard options these dashboards use, with
 * @grafana/data's own processors, and one custom option per key of the panel type's custom defaults.
 */
function registryFor(custom: Record<string, unknown>): FieldConfigOptionsRegistry {
  const registry = new FieldConfigOptionsRegistry();
  registry.register(standardItem('unit', stringOverrideProcessor));
  registry.register(standardItem('min', numberOverrideProcessor));
  registry.register(standardItem('max', numberOverrideProcessor));
  registry.register(standardItem('decimals', numberOverrideProcessor));
  registry.register(standardItem('displayName', displayNameOverrideProcessor));
  registry.register(standardItem('noValue', stringOverrideProcessor));
  registry.register(standardItem('color', identityOverrideProcessor));
  registry.register(standardItem('thresholds', thresholdsOverrideProcessor));
  registry.register(standardItem('mappings', valueMappingsOverrideProcessor));
  for (const key of Object.keys(custom)) {
    registry.register({ ...standardItem(`custom.${key}`, identityOverrideProcessor), path: key, isCustom: true });
  }
  return registry;
}

/** The panel's field config over its type's defaults, as Grafana has it once the panel's plugin is loaded. */
export function panelFieldConfig(panel: DashboardPanel): FieldConfigSource {
  const base = PANEL_DEFAULTS[panel.type] ?? {};
  const own = panel.fieldConfig?.defaults ?? {};
  const thresholds = own.thresholds ?? base.thresholds;
  return {
    defaults: {
      ...base,
      ...own,
      custom: { ...base.custom, ...own.custom },
      // JSON has no -Infinity: a base step is saved as null, and Grafana reads it back as -Infinity.
      thresholds: thresholds && {
        ...thresholds,
        steps: thresholds.steps.map((s) => ({ ...s, value: s.value ?? -Infinity })),
      },
    },
    overrides: panel.fieldConfig?.overrides ?? [],
  };
}

/** applyFieldOverrides as Grafana's panel query runner calls it: display processors, colours, overrides by name. */
export function applyPanelFieldConfig(panel: DashboardPanel, frames: DataFrame[], theme: GrafanaTheme2): DataFrame[] {
  const fieldConfig = panelFieldConfig(panel);
  return applyFieldOverrides({
    data: frames,
    fieldConfig,
    fieldConfigRegistry: registryFor(fieldConfig.defaults.custom ?? {}),
    replaceVariables: (value) => value,
    theme,
    timeZone: 'utc',
  });
}

/** getFieldDisplayValues as Grafana's stat, pie and bar panels call it: the panel's field config, no variables, UTC. */
export function panelDisplayValues(
  panel: DashboardPanel,
  frames: DataFrame[],
  theme: GrafanaTheme2,
  reduceOptions: ReduceDataOptions
): FieldDisplay[] {
  return getFieldDisplayValues({
    data: frames,
    fieldConfig: panelFieldConfig(panel),
    reduceOptions,
    replaceVariables: (value) => value,
    theme,
    timeZone: 'utc',
  });
}
