import React from 'react';
import { type FieldDisplay, type ReduceDataOptions, formattedValueToString } from '@grafana/data';
import {
  LegendDisplayMode,
  type LegendPlacement,
  VizLayout,
  VizLegend,
  type VizLegendItem,
  useTheme2,
} from '@grafana/ui';

import { panelDisplayValues } from './fieldConfig';
import type { VizProps } from './types';

interface PieOptions {
  pieType?: 'pie' | 'donut';
  reduceOptions?: ReduceDataOptions;
  legend?: { showLegend?: boolean; displayMode?: LegendDisplayMode; placement?: LegendPlacement; values?: string[] };
}

const FALLBACK_COLOR = '#808080';

/**
 * The pie chart panel: slice values, names and colours from getFieldDisplayValues (palette per row, overrides by
 * name) and the legend with @grafana/ui's VizLayout and VizLegend, as Grafana's pie chart panel builds them. Only the
 * donut itself is a small SVG here: Grafana's pie chart panel is in Grafana's app, not in a public package.
 */
export function DonutViz({ panel, frames, width, height }: VizProps) {
  const theme = useTheme2();
  const options = (panel.options ?? {}) as PieOptions;
  const values = panelDisplayValues(
    panel,
    frames,
    theme,
    options.reduceOptions ?? { calcs: ['lastNotNull'], values: true }
  ).filter((v) => (v.display.numeric ?? 0) > 0);
  const total = values.reduce((sum, v) => sum + v.display.numeric, 0);
  const legendValues = options.legend?.values ?? [];

  const items: Array<VizLegendItem<FieldDisplay>> = values.map((value, i) => ({
    label: value.display.title ?? '',
    color: value.display.color ?? FALLBACK_COLOR,
    yAxis: 1,
    getItemKey: () => `${value.display.title ?? ''}${i}`,
    getDisplayValues: () => {
      const shown = [];
      if (legendValues.includes('value')) {
        shown.push({ numeric: value.display.numeric, text: formattedValueToString(value.display), title: 'Value' });
      }
      if (legendValues.includes('percent')) {
        const fraction = value.display.numeric / total;
        shown.push({
          numeric: fraction,
          percent: fraction * 100,
          text: `${(fraction * 100).toFixed(0)}%`,
          title: legendValues.length > 1 ? 'Percent' : '',
        });
      }
      return shown;
    },
  }));

  const placement = options.legend?.placement ?? 'right';
  const legend =
    options.legend?.showLegend === false ? null : (
      <VizLayout.Legend placement={placement}>
        <VizLegend
          items={items}
          placement={placement}
          displayMode={options.legend?.displayMode ?? LegendDisplayMode.List}
          readonly
        />
      </VizLayout.Legend>
    );

  return (
    <VizLayout width={width} height={height} legend={legend}>
      {(w, h) => (
        <Donut
          values={values}
          total={total}
          width={w}
          height={h}
          donut={options.pieType !== 'pie'}
          background={theme.colors.background.primary}
        />
      )}
    </VizLayout>
  );
}

interface DonutProps {
  values: FieldDisplay[];
  total: number;
  width: number;
  height: number;
  donut: boolean;
  background: string;
}

/** Slices clockwise from 12 o'clock, largest first, with Grafana's pie layout (16 px margin, a third of the radius thick). */
function Donut({ values, total, width, height, donut, background }: DonutProps) {
  const size = Math.min(width, height);
  const margin = 16;
  const outer = Math.max(0, (size - margin * 2) / 2);
  const inner = donut ? Math.max(0, outer - Math.max(outer / 3, 20)) : 0;
  const sorted = [...values].sort((a, b) => b.display.numeric - a.display.numeric);
  let angle = 0;
  return (
    <svg width={size} height={size} role="img" aria-label="Pie chart" data-testid="donut">
      <g transform={`translate(${size / 2},${size / 2})`}>
        {sorted.map((value, i) => {
          const sweep = total > 0 ? (value.display.numeric / total) * 2 * Math.PI : 0;
          const start = angle;
          angle += sweep;
          const label = `${value.display.title}: ${formattedValueToString(value.display)}`;
          return (
            <path
              key={`${value.display.title}${i}`}
              d={arcPath(start, start + sweep, outer, inner)}
              fill={value.display.color ?? FALLBACK_COLOR}
              stroke={background}
              strokeWidth={1}
              data-testid="donut-slice"
              aria-label={label}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </g>
    </svg>
  );
}

/** An annular sector from angle a0 to a1 (radians, 0 at 12 o'clock, clockwise). */
function arcPath(a0: number, a1: number, outer: number, inner: number): string {
  // A full circle is two half arcs: an SVG arc cannot start and end at the same point.
  if (a1 - a0 >= 2 * Math.PI - 1e-6) {
    return arcPath(a0, a0 + Math.PI, outer, inner) + arcPath(a0 + Math.PI, a1, outer, inner);
  }
  const point = (r: number, a: number) => `${(r * Math.sin(a)).toFixed(2)},${(-r * Math.cos(a)).toFixed(2)}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const outerArc = `M${point(outer, a0)}A${outer},${outer} 0 ${large} 1 ${point(outer, a1)}`;
  if (inner <= 0) {
    return `${outerArc}L0,0Z`;
  }
  return `${outerArc}L${point(inner, a1)}A${inner},${inner} 0 ${large} 0 ${point(inner, a0)}Z`;
}
