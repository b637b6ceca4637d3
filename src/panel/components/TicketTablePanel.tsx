import React from 'react';
import { type PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Icon, useStyles2 } from '@grafana/ui';

import { frameProblem } from '../model/frameCheck';
import { type TicketTableOptions } from '../types';
import { getStyles } from './styles';
import { TableView } from './TableView';

type Props = PanelProps<TicketTableOptions>;

export function TicketTablePanel(props: Props) {
  const { id, data, options, width, height, fieldConfig } = props;
  const styles = useStyles2(getStyles);
  const frames = data.series;
  const frame = frames[Math.min(Math.max(options.frameIndex ?? 0, 0), frames.length - 1)];

  if (!frame || !Array.isArray(frame.fields) || frame.fields.length === 0) {
    return (
      <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} message="No tickets in this time range" />
    );
  }
  const problem = frameProblem(frame);
  if (problem) {
    return (
      <div className={styles.message} role="alert" data-testid="spacetime-frame-problem" style={{ width, height }}>
        <Icon name="exclamation-triangle" size="lg" />
        <strong>This data cannot be shown as a table</strong>
        <span>{problem}</span>
      </div>
    );
  }
  return (
    <TableView key={id} panelId={id} frame={frame} frames={frames} options={options} width={width} height={height} />
  );
}
