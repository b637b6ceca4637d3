import React, { type ComponentProps } from 'react';
import { FieldType, dateTimeFormat, getFieldDisplayName } from '@grafana/data';
import {
  LegendDisplayMode,
  type LegendPlacement,
  SeriesTable,
  TimeSeries,
  TooltipPlugin2,
  type VizLegendOptions,
} from '@grafana/ui';

import type { VizProps } from './types';

/** TooltipHoverMode.xOne: the series under the cursor (a const enum @grafana/ui declares but does not export). */
const HOVER_ONE = 0 as ComponentProps<typeof TooltipPlugin2>['hoverMode'];

interface TimeSeriesOptions {
  legend?: Partial<VizLegendOptions>;
}

/**
 * The time series panel with @grafana/ui's TimeSeries (uPlot; the panel's draw style, stacking and colours come from
 * the field config), its PlotLegend with the panel's legend calcs, and TooltipPlugin2 for hover and drag-to-zoom.
 */
export function TimeSeriesViz({ panel, frames, timeRange, width, height }: VizProps) {
  const options = (panel.options ?? {}) as TimeSeriesOptions;
  const legend: VizLegendOptions = {
    showLegend: options.legend?.showLegend ?? true,
    displayMode: options.legend?.displayMode ?? LegendDisplayMode.List,
    placement: (options.legend?.placement ?? 'bottom') as LegendPlacement,
    calcs: options.legend?.calcs ?? [],
  };
  if (!frames.some((f) => f.fields.some((field) => field.type === FieldType.number))) {
    return <div>No data</div>;
  }
  return (
    <TimeSeries
      frames={frames}
      timeRange={timeRange}
      timeZone="utc"
      width={width}
      height={height}
      legend={legend}
      options={panel.options}
    >
      {(builder, alignedFrame) => (
        <TooltipPlugin2
          config={builder}
          hoverMode={HOVER_ONE}
          clientZoom
          render={(_u, dataIdxs, seriesIdx) => {
            const row = dataIdxs[0];
            if (row == null) {
              return null;
            }
            const time = alignedFrame.fields[0].values[row];
            return (
              <SeriesTable
                timestamp={dateTimeFormat(time, { timeZone: 'utc' })}
                series={alignedFrame.fields.slice(1).map((field, i) => ({
                  color: field.display?.(field.values[row]).color,
                  label: getFieldDisplayName(field, alignedFrame, frames),
                  value: field.display ? field.display(field.values[row]).text : String(field.values[row]),
                  isActive: seriesIdx === i + 1,
                }))}
              />
            );
          }}
        />
      )}
    </TimeSeries>
  );
}
