import React from 'react';
import { css } from '@emotion/css';
import { type DataFrame, type Field, type GrafanaTheme2, NodeGraphDataFrameFieldNames as N } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { VizProps } from './types';

// Grafana's Node graph is a core panel, not a @grafana/ui component, so the sandbox cannot draw it. This
// sketch draws the nodes and edges frames from only the fields that panel reads (NodeGraphDataFrameFieldNames:
// id, title, mainstat, secondarystat, arc__*, source, target, edge mainstat): a visual check of the frames'
// contents, not of Grafana's layout or styling. The caption says so on the page.

const R = 34;

function field(frame: DataFrame | undefined, name: string): Field | undefined {
  return frame?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

function text(f: Field | undefined, i: number): string {
  const v = f?.values[i];
  return v === undefined || v === null ? '' : String(v);
}

/** Grafana's rule: the nodes frame has an id field and no source; the edges frame has source and target. */
export function nodeGraphFrames(frames: DataFrame[]) {
  const nodes = frames.find((f) => field(f, N.id) && !field(f, N.source));
  const edges = frames.find((f) => field(f, N.source) && field(f, N.target));
  return { nodes, edges };
}

interface Edge {
  source: string;
  target: string;
  stat: string;
}

/** Columns by longest path from a node without incoming edges (self loops ignored); cycles stop at the node count. */
function layers(ids: string[], edges: Edge[]): Map<string, number> {
  const depth = new Map(ids.map((id) => [id, 0]));
  for (let round = 0; round < ids.length; round++) {
    let moved = false;
    for (const e of edges) {
      const d = (depth.get(e.source) ?? 0) + 1;
      if (e.source !== e.target && depth.has(e.target) && d > (depth.get(e.target) ?? 0) && d < ids.length) {
        depth.set(e.target, d);
        moved = true;
      }
    }
    if (!moved) {
      break;
    }
  }
  return depth;
}

export function NodeGraphSketch({ frames, width, height }: VizProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { nodes, edges } = nodeGraphFrames(frames);
  const idField = field(nodes, N.id);
  if (!nodes || !idField) {
    return <div>No nodes frame (a frame with an id field)</div>;
  }
  const ids = idField.values.map(String);
  const arcs = nodes.fields.filter((f) => f.name.startsWith(N.arc));
  const edgeList: Edge[] = edges
    ? edges.fields[0].values.map((_, i) => ({
        source: text(field(edges, N.source), i),
        target: text(field(edges, N.target), i),
        stat: text(field(edges, N.mainStat), i),
      }))
    : [];
  const depth = layers(ids, edgeList);
  const columns = Math.max(...depth.values()) + 1;
  const perColumn = new Map<number, string[]>();
  for (const id of ids) {
    const d = depth.get(id) ?? 0;
    perColumn.set(d, [...(perColumn.get(d) ?? []), id]);
  }
  const top = 36;
  const usable = height - top - 10;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, col] of perColumn) {
    col.forEach((id, i) => {
      pos.set(id, { x: ((d + 0.5) * width) / columns, y: top + ((i + 0.5) * usable) / col.length });
    });
  }
  const colorOf = (f: Field) => theme.visualization.getColorByName(String(f.config.color?.fixedColor ?? 'text'));
  const textColor = theme.colors.text.primary;
  const line = theme.colors.text.secondary;

  return (
    <div className={styles.wrap}>
      <p className={styles.caption}>
        Sandbox sketch of the nodes and edges frames (only the fields Grafana&apos;s Node graph reads), not
        Grafana&apos;s Node graph panel
      </p>
      <svg width={width} height={height} role="img" aria-label="Node graph sketch of the steps frames">
        <defs>
          <marker id="ng-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill={line} />
          </marker>
        </defs>
        {edgeList.map((e, i) => {
          const a = pos.get(e.source);
          const b = pos.get(e.target);
          if (!a || !b) {
            return null;
          }
          if (e.source === e.target) {
            return (
              <g key={i} data-edge={`${e.source}→${e.target}`}>
                <path
                  d={`M${a.x - 12},${a.y - R} C${a.x - 40},${a.y - R - 46} ${a.x + 40},${a.y - R - 46} ${a.x + 12},${a.y - R}`}
                  fill="none"
                  stroke={line}
                  markerEnd="url(#ng-arrow)"
                />
                <text x={a.x} y={a.y - R - 40} fill={textColor} fontSize={11} textAnchor="middle">
                  {e.stat}
                </text>
              </g>
            );
          }
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const len = Math.hypot(dx, dy) || 1;
          const [x1, y1, x2, y2] = [
            a.x + (dx / len) * R,
            a.y + (dy / len) * R,
            b.x - (dx / len) * R,
            b.y - (dy / len) * R,
          ];
          return (
            <g key={i} data-edge={`${e.source}→${e.target}`}>
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={line} markerEnd="url(#ng-arrow)" />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} fill={textColor} fontSize={11} textAnchor="middle">
                {e.stat}
              </text>
            </g>
          );
        })}
        {ids.map((id, i) => {
          const p = pos.get(id)!;
          let start = -Math.PI / 2;
          return (
            <g key={id} data-node={id}>
              <circle
                cx={p.x}
                cy={p.y}
                r={R}
                fill={theme.colors.background.primary}
                stroke={theme.colors.border.strong}
              />
              {arcs.map((f) => {
                const share = Number(f.values[i]) || 0;
                if (share <= 0) {
                  return null;
                }
                const end = start + Math.min(share, 0.9999) * 2 * Math.PI;
                const d = `M${p.x + R * Math.cos(start)},${p.y + R * Math.sin(start)} A${R},${R} 0 ${end - start > Math.PI ? 1 : 0} 1 ${p.x + R * Math.cos(end)},${p.y + R * Math.sin(end)}`;
                start = end;
                return <path key={f.name} d={d} fill="none" stroke={colorOf(f)} strokeWidth={5} />;
              })}
              <text x={p.x} y={p.y + 4} fill={textColor} fontSize={11} textAnchor="middle">
                {text(field(nodes, N.mainStat), i)}
              </text>
              <text x={p.x} y={p.y + R + 14} fill={textColor} fontSize={12} textAnchor="middle">
                {text(field(nodes, N.title), i)}
              </text>
              <text x={p.x} y={p.y + R + 28} fill={theme.colors.text.secondary} fontSize={11} textAnchor="middle">
                {text(field(nodes, N.secondaryStat), i)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ position: 'relative' }),
  caption: css({
    position: 'absolute',
    margin: 0,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
