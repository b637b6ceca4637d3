import React from 'react';
import {
  type DisplayValueAlignmentFactors,
  type FieldDisplay,
  type ReduceDataOptions,
  VizOrientation,
  getDisplayValueAlignmentFactors,
} from '@grafana/data';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  VizRepeater,
  useTheme2,
} from '@grafana/ui';

import { panelDisplayValues } from './fieldConfig';
import type { VizProps } from './types';

interface StatOptions {
  colorMode?: BigValueColorMode;
  graphMode?: BigValueGraphMode;
  justifyMode?: BigValueJustifyMode;
  textMode?: BigValueTextMode;
  wideLayout?: boolean;
  orientation?: VizOrientation;
  reduceOptions?: ReduceDataOptions;
}

/** The stat panel as Grafana's draws it: getFieldDisplayValues for the values, one @grafana/ui BigValue each in a VizRepeater. */
export function StatViz({ panel, frames, width, height }: VizProps) {
  const theme = useTheme2();
  const options = (panel.options ?? {}) as StatOptions;
  const getValues = (): FieldDisplay[] =>
    panelDisplayValues(panel, frames, theme, options.reduceOptions ?? { calcs: ['lastNotNull'], values: false });
  return (
    <VizRepeater<FieldDisplay, DisplayValueAlignmentFactors>
      source={frames}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderCounter={0}
      width={width}
      height={height}
      itemSpacing={3}
      autoGrid
      orientation={options.orientation ?? VizOrientation.Auto}
      renderValue={({ value, width: w, height: h, alignmentFactors, count }) => (
        <BigValue
          value={value.display}
          count={count}
          width={w}
          height={h}
          theme={theme}
          alignmentFactors={alignmentFactors}
          colorMode={options.colorMode ?? BigValueColorMode.Value}
          graphMode={options.graphMode ?? BigValueGraphMode.None}
          justifyMode={options.justifyMode ?? BigValueJustifyMode.Auto}
          textMode={options.textMode ?? BigValueTextMode.Auto}
          disableWideLayout={options.wideLayout === false}
        />
      )}
    />
  );
}
