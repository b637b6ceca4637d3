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
  // A contrast frame ("What changed") draws two bars per row, as Grafana's bar chart draws its two number fields:
  // the excess tickets, then the lift, each scaled to its own field's largest value (the lift has its own axis in
  // Grafana, custom.axisPlacement right) and coloured by its override. Count, expected and score are hidden from the
  // bars (custom.hideFrom), as the bar chart honours it.
  const lift = frames[0]?.fields.find((f) => f.name === 'lift');
  const excess = frames[0]?.fields.find((f) => f.name === 'excess');
  const contrast = Boolean(lift && excess);
  const getValues = (): FieldDisplay[] => {
    const frame = frames[0];
    const numberField = frame?.fields.find((f) => f.type === FieldType.number);
    // The bar chart numbers only its value fields for the palette (the x field is not a series): the first is 0.
    const color =
      numberField &&
      getFieldSeriesColor({ ...numberField, state: { ...numberField.state, seriesIndex: 0 } }, theme).color;
    const xField =
      frame?.fields.find((f) => f.name === xFieldName) ?? frame?.fields.find((f) => f.type === FieldType.string);
    // getFieldDisplayValues matches the fields option against display names (the backend names them "Excess", "Lift").
    const only = contrast ? { fields: '/^(excess|Excess|lift|Lift)$/' } : {};
    const shown = panelDisplayValues(panel, frames, theme, { calcs: [], values: true, ...only }).filter(
      (v) => !(v.field.custom as { hideFrom?: { viz?: boolean } } | undefined)?.hideFrom?.viz
    );
    // Each bar scales to its own field's largest value (not the largest of every field, hidden ones included).
    const fieldOf = (v: FieldDisplay) => (typeof v.colIndex === 'number' ? frame?.fields[v.colIndex] : undefined);
    const fieldMax = (v: FieldDisplay) => {
      const f = fieldOf(v);
      return f ? Math.max(...(f.values as number[])) : undefined;
    };
    // Row by row, the excess bar before the lift bar: a group per row, as the bar chart groups a row's fields.
    const ordered = contrast
      ? [...shown].sort(
          (a, b) =>
            (a.rowIndex ?? 0) - (b.rowIndex ?? 0) || (fieldOf(a) === lift ? 1 : 0) - (fieldOf(b) === lift ? 1 : 0)
        )
      : shown;
    return ordered.map((v) => {
      const isLift = contrast && fieldOf(v) === lift;
      const label = xField && v.rowIndex !== undefined ? axisLabel(xField.values[v.rowIndex]) : v.display.title;
      // The lift bar's value is the field's own format (its unit says "×"); its name column stays blank.
      const display = isLift
        ? { ...v.display, title: '\u00a0' }
        : { ...v.display, title: label, color: contrast ? v.display.color : (color ?? v.display.color) };
      return { ...v, field: { ...v.field, max: fieldMax(v) ?? v.field.max }, display };
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
