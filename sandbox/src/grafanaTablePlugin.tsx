import React from 'react';
import { PanelPlugin, type PanelProps } from '@grafana/data';
import { Table } from '@grafana/ui';

/** @grafana/ui's own Table as a panel (`?table=grafana`), so the benchmark can compare it on the same frame. */
export const grafanaTablePlugin = new PanelPlugin(({ data, width, height }: PanelProps) =>
  data.series[0] ? <Table data={data.series[0]} width={width} height={height} /> : null
);
