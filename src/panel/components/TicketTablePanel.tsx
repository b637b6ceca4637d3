import React from 'react';
import { type PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Table } from '@grafana/ui';

import { type TicketTableOptions } from '../types';

type Props = PanelProps<TicketTableOptions>;

export function TicketTablePanel({ id, data, options, width, height, fieldConfig }: Props) {
  const frames = data.series;
  const frame = frames[Math.min(Math.max(options.frameIndex, 0), frames.length - 1)];

  if (!frame || frame.fields.length === 0) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} message="No tickets in this time range" />;
  }

  return (
    <div data-testid="spacetime-ticket-table" aria-label={`Tickets: ${frame.length} rows`}>
      <Table data={frame} width={width} height={height} noHeader={!options.showHeader} />
    </div>
  );
}
