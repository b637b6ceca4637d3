import React, { useMemo } from 'react';
import { type DataFrame, PanelPlugin, type PanelProps } from '@grafana/data';
import { Table } from '@grafana/ui';

interface GrafanaTableOptions {
  /** `?options={"filterable":true}`: every field gets `custom.filterable` (the Table's column filter), as a dashboard's field config would set it. */
  filterable?: boolean;
}

function withFilterable(frame: DataFrame): DataFrame {
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, config: { ...f.config, custom: { ...f.config.custom, filterable: true } } })) };
}

function GrafanaTablePanel({ data, width, height, options }: PanelProps<GrafanaTableOptions>) {
  const frame = data.series[0];
  const shown = useMemo(() => (frame && options.filterable ? withFilterable(frame) : frame), [frame, options.filterable]);
  return shown ? <Table data={shown} width={width} height={height} /> : null;
}

/** @grafana/ui's own Table as a panel (`?table=grafana`), so the benchmark can compare it on the same frame. */
export const grafanaTablePlugin = new PanelPlugin<GrafanaTableOptions>(GrafanaTablePanel);
