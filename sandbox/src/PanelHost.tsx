import React, { useMemo, useState } from 'react';
import {
  type DataFrame,
  EventBusSrv,
  type FieldConfigSource,
  type GrafanaTheme2,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  type ScopedVars,
  type TimeRange,
  applyFieldOverrides,
  getDefaultTimeRange,
} from '@grafana/data';
import { PanelChrome, PanelContextProvider, useTheme2 } from '@grafana/ui';

import { recordSandboxEvent } from './events';

interface Props {
  plugin: PanelPlugin;
  /** Panel options over the plugin's defaults (the sandbox's `?options=<JSON>`). */
  initialOptions?: Record<string, unknown>;
  frames: DataFrame[];
  width: number;
  height: number;
  /** The panel's title and description in its chrome; "Tickets" by default. */
  title?: string;
  description?: string;
  /** The time range the frames were queried for; Grafana's default (last 6 hours) if not given. */
  timeRange?: TimeRange;
  /** The panel's id in its dashboard (its view state in the URL is keyed by it). */
  id?: number;
}

/** Renders a panel plugin the way a dashboard does: options with defaults, field config applied, panel context. */
export function PanelHost({ plugin, initialOptions, frames, width, height, title = 'Tickets', description, timeRange: givenRange, id = 1 }: Props) {
  const theme = useTheme2();
  const [options, setOptions] = useState<Record<string, unknown>>(() => ({ ...plugin.defaults, ...initialOptions }));
  const [fieldConfig, setFieldConfig] = useState<FieldConfigSource>(() => ({
    defaults: { ...plugin.fieldConfigDefaults.defaults },
    overrides: [],
  }));
  const eventBus = useMemo(() => new EventBusSrv(), []);
  const timeRange = useMemo(() => givenRange ?? getDefaultTimeRange(), [givenRange]);
  const data = useMemo(() => panelData(frames, fieldConfig, plugin, theme, timeRange), [frames, fieldConfig, plugin, theme, timeRange]);
  const PanelComponent = plugin.panel;
  if (!PanelComponent) {
    return <div role="alert">Panel plugin {plugin.meta?.id} has no panel component</div>;
  }

  return (
    <PanelContextProvider
      value={{
        eventsScope: 'sandbox',
        eventBus,
        onAddAdHocFilter: (filter) => recordSandboxEvent('adHocFilter', filter),
      }}
    >
      <PanelChrome title={title} description={description} width={width} height={height}>
        {(innerWidth, innerHeight) => (
          <PanelComponent
            id={id}
            data={data}
            timeRange={timeRange}
            timeZone="utc"
            options={options}
            fieldConfig={fieldConfig}
            transparent={false}
            width={innerWidth}
            height={innerHeight}
            renderCounter={0}
            title={title}
            eventBus={eventBus}
            replaceVariables={(value) => value}
            onOptionsChange={setOptions}
            onFieldConfigChange={setFieldConfig}
            onChangeTimeRange={(range) => recordSandboxEvent('timeRange', range)}
          />
        )}
      </PanelChrome>
    </PanelContextProvider>
  );
}

function panelData(
  frames: DataFrame[],
  fieldConfig: FieldConfigSource,
  plugin: PanelPlugin,
  theme: GrafanaTheme2,
  timeRange: PanelData['timeRange']
): PanelData {
  const series = applyFieldOverrides({
    data: frames,
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: replaceDataVariables,
    theme,
    timeZone: 'utc',
  });
  return { state: LoadingState.Done, series, timeRange };
}

interface DataContext {
  value?: { frame?: DataFrame; rowIndex?: number };
}

/**
 * The part of Grafana's template service that data links on fields need: `${__data.fields.<name>}` (by field name or
 * display name) and `${__value.raw}` / `${__value.text}` at the link's row. Dashboard variables do not exist here.
 */
function replaceDataVariables(value: string, scopedVars?: ScopedVars): string {
  const context = (scopedVars?.__dataContext as DataContext | undefined)?.value;
  const frame = context?.frame;
  const row = context?.rowIndex;
  if (!frame || row === undefined) {
    return value;
  }
  return value.replace(/\$\{__data\.fields(?:\.([\w-]+)|\[\"([^\"]+)\"\])\}/g, (_whole, a?: string, b?: string) => {
    const name = a ?? b;
    const field = frame.fields.find((f) => f.name === name || f.config.displayName === name);
    const v = field?.values[row];
    return v === undefined || v === null ? '' : String(v);
  });
}
