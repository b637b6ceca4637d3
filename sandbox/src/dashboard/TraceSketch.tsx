import React from 'react';
import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { VizProps } from './types';

// Grafana's trace view is a core panel, not a @grafana/ui component, so the sandbox cannot draw it. This
// sketch draws the trace frame from only the fields the trace view reads (traceID, spanID, parentSpanID,
// operationName, serviceName, startTime in ms, duration in ms, statusCode 2 = error): one bar per span,
// indented under its parent. A visual check of the frame's contents, not of Grafana's trace view.

const TRACE_FIELDS = ['traceID', 'spanID', 'parentSpanID', 'operationName', 'serviceName', 'startTime', 'duration'];

function column(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

export function TraceSketch({ frames, width }: VizProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const frame = frames.find((f) => TRACE_FIELDS.every((n) => f.fields.some((x) => x.name === n)));
  if (!frame) {
    return <div>No trace frame (fields {TRACE_FIELDS.join(', ')})</div>;
  }
  const [spans, parents, ops, services] = ['spanID', 'parentSpanID', 'operationName', 'serviceName'].map((n) =>
    column(frame, n).map(String)
  );
  const starts = column(frame, 'startTime').map(Number);
  const durations = column(frame, 'duration').map(Number);
  const status = column(frame, 'statusCode').map(Number);
  const t0 = Math.min(...starts);
  const total = Math.max(...starts.map((s, i) => s + durations[i])) - t0 || 1;
  const depth = (i: number): number => {
    const p = spans.indexOf(parents[i]);
    return p < 0 || p === i ? 0 : 1 + depth(p);
  };
  const label = 260;
  const bars = width - label - 110;
  return (
    <div>
      <p className={styles.caption}>
        Sandbox sketch of the trace frame (only the fields Grafana&apos;s trace view reads), not Grafana&apos;s trace
        view. Trace {String(column(frame, 'traceID')[0] ?? '')}: {spans.length} spans, {total} ms
      </p>
      <div role="list" aria-label="Trace sketch spans">
        {spans.map((id, i) => (
          <div key={id} role="listitem" className={styles.row} data-span={id} data-parent={parents[i]}>
            <span className={styles.name} style={{ width: label, paddingLeft: depth(i) * 14 }}>
              <strong>{services[i]}</strong> {ops[i]}
            </span>
            <span style={{ position: 'relative', width: bars, height: 14 }}>
              <span
                className={styles.bar}
                style={{
                  left: ((starts[i] - t0) / total) * bars,
                  width: Math.max(2, (durations[i] / total) * bars),
                  background: status[i] === 2 ? theme.visualization.getColorByName('red') : theme.colors.primary.main,
                }}
              />
            </span>
            <span className={styles.duration}>
              {durations[i]} ms{status[i] === 2 ? ' error' : ''}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  caption: css({
    margin: theme.spacing(0, 0, 1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  row: css({ display: 'flex', alignItems: 'center', height: 20, fontSize: theme.typography.bodySmall.fontSize }),
  name: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }),
  bar: css({ position: 'absolute', top: 2, height: 10, borderRadius: 2 }),
  duration: css({ width: 90, paddingLeft: theme.spacing(1), whiteSpace: 'nowrap', color: theme.colors.text.secondary }),
});
