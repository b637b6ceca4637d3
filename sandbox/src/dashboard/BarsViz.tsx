import React from 'react';
import {
  type DisplayValueAlignmentFactors,
  FieldType,
  type FieldDisplay,
  VizOrientation,
  getDisplayValueAlignmentFactors,
  getFieldSeriesColor,
} from '@grafana/data';
import { BarGaugeNamePlacement, BarGaugeValueMode } from '@grafana/schema';
import { BarGauge, BarGaugeDisplayMode, VizRepeater, useTheme2 } from '@grafana/ui';

import { panelDisplayValues } from './fieldConfig';
import type { VizProps } from './types';

interface BarChartOptions {
  xField?: string;
}

/**
 * The horizontal bar chart panel as one @grafana/ui BarGauge per row (name left, bar from zero, value), in a
 * VizRepeater as Grafana's bar gauge panel lays them out: Grafana's bar chart panel is in Grafana's app, not in a
 * public package. Like the bar chart, every bar has the number field's colour.
 */
export function BarsViz({ panel, frames, width, height }: VizProps) {
  const theme = useTheme2();
  const xFieldName = (panel.options as BarChartOptions | undefined)?.xField;
  // A contrast frame ("What changed") draws its excess as the bars and names each with its lift; the count, expected
  // and score fields are hidden from the bars (custom.hideFrom), and the lift sits on its own axis in Grafana.
  const lift = frames[0]?.fields.find((f) => f.name === 'lift');
  const excess = frames[0]?.fields.find((f) => f.name === 'excess');
  const getValues = (): FieldDisplay[] => {
    const frame = frames[0];
    const numberField = excess ?? frame?.fields.find((f) => f.type === FieldType.number);
    // The bar chart numbers only its value fields for the palette (the x field is not a series): the first is 0.
    const color =
      numberField &&
      getFieldSeriesColor({ ...numberField, state: { ...numberField.state, seriesIndex: 0 } }, theme).color;
    const xField =
      frame?.fields.find((f) => f.name === xFieldName) ?? frame?.fields.find((f) => f.type === FieldType.string);
    // getFieldDisplayValues matches the fields option against display names (the backend names it "Excess").
    const only = excess ? { fields: '/^(excess|Excess)$/' } : {};
    // Fields hidden from the bars (custom.hideFrom.viz, as the bar chart honours it) stay out of the bars.
    const shown = panelDisplayValues(panel, frames, theme, { calcs: [], values: true, ...only }).filter(
      (v) => !(v.field.custom as { hideFrom?: { viz?: boolean } } | undefined)?.hideFrom?.viz
    );
    // Each bar scales to its own field's largest value (not the largest of every field, hidden ones included).
    const fieldMax = (v: FieldDisplay) => {
      const f = typeof v.colIndex === 'number' ? frame?.fields[v.colIndex] : undefined;
      return f ? Math.max(...(f.values as number[])) : undefined;
    };
    return shown.map((v) => {
      const label = xField && v.rowIndex !== undefined ? axisLabel(xField.values[v.rowIndex]) : v.display.title;
      const times = lift && v.rowIndex !== undefined ? `  ×${Number(lift.values[v.rowIndex]).toFixed(1)}` : '';
      return {
        ...v,
        field: { ...v.field, max: fieldMax(v) ?? v.field.max },
        display: { ...v.display, title: `${label}${times}`, color: color ?? v.display.color },
      };
    });
  };
  return (
    <VizRepeater<FieldDisplay, DisplayValueAlignmentFactors>
      source={frames}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderCounter={0}
      width={width}
      height={height}
      itemSpacing={2}
      orientation={VizOrientation.Horizontal}
      renderValue={({ value, width: w, height: h, alignmentFactors, count }) => (
        <BarGauge
          value={value.display}
          // A bar chart's bars start at zero, not at the smallest value.
          field={{ ...value.field, min: 0 }}
          display={
            value.view && typeof value.colIndex === 'number'
              ? value.view.getFieldDisplayProcessor(value.colIndex)
              : undefined
          }
          width={w}
          height={h}
          theme={theme}
          orientation={VizOrientation.Horizontal}
          displayMode={BarGaugeDisplayMode.Basic}
          alignmentFactors={count > 1 ? alignmentFactors : undefined}
          showUnfilled={false}
          valueDisplayMode={BarGaugeValueMode.Text}
          namePlacement={BarGaugeNamePlacement.Left}
          itemSpacing={2}
          isOverflow={false}
          text={{ titleSize: 12, valueSize: 14 }}
        />
      )}
    />
  );
}

/**
 * The bar's label is the x field's value, as on the bar chart's axis. An empty value stays blank, as its axis tick
 * would; a no-break space keeps BarGauge drawing the (empty) name column, so the bar lines up with the others.
 */
function axisLabel(value: unknown): string {
  return value === null || value === undefined || value === '' ? '\u00a0' : String(value);
}
