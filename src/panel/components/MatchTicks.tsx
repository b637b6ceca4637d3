// Tick marks for the search matches over the grid's vertical scrollbar, as an editor's find shows them. One canvas,
// drawn in one pass over the matches (a pixel row per tick), so 100,000 matches cost what a few do.
import React, { useEffect, useRef } from 'react';
import { type GrafanaTheme2 } from '@grafana/data';

import { tickPixels } from './findMatches';
import { type Styles } from './styles';

/** Where ticks go when the browser's scrollbars overlay the content (0 px wide): a strip this wide at the edge. */
const OVERLAY_WIDTH = 6;

interface Props {
  /** Display rows of the matches, ascending. */
  positions: Int32Array;
  /** Display row of the current match, or -1. */
  current: number;
  /** A display row's middle in the grid's content, in pixels. */
  yOf: (pos: number) => number;
  /** The content's height in pixels. */
  total: number;
  /** The scroller's inner height: the scrollbar's length. */
  height: number;
  /** The scrollbar's width. */
  width: number;
  styles: Styles;
  theme: GrafanaTheme2;
}

export function MatchTicks({ positions, current, yOf, total, height, width, styles, theme }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const w = width || OVERLAY_WIDTH;
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  useEffect(() => {
    const ctx = ref.current?.getContext?.('2d');
    if (!ctx) {
      return;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, height);
    const px = tickPixels(positions, yOf, total, height);
    ctx.fillStyle = theme.colors.warning.main;
    // Each run of marked pixel rows is one rectangle, at least 2 px tall so a single match shows.
    for (let y = 0; y < px.length; y++) {
      if (px[y]) {
        let end = y + 1;
        while (end < px.length && px[end]) {
          end++;
        }
        ctx.fillRect(2, Math.min(y, height - 2), w - 4, Math.max(2, end - y));
        y = end;
      }
    }
    if (current >= 0) {
      const y = Math.min(height - 3, Math.max(0, Math.floor((yOf(current) / total) * height) - 1));
      ctx.fillStyle = theme.colors.primary.main;
      ctx.fillRect(0, y, w, 3);
    }
  });

  return (
    <canvas
      ref={ref}
      className={styles.matchTicks}
      width={Math.round(w * dpr)}
      height={Math.round(height * dpr)}
      style={{ width: w, height }}
      aria-hidden
      data-testid="spacetime-match-ticks"
      data-ticks={positions.length}
    />
  );
}
