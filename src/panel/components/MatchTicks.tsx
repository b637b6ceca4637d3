// Tick marks for the search matches over the grid's vertical scrollbar, as an editor's find shows them. One canvas,
// drawn in one pass over the matches (a pixel row per tick), so 100,000 matches cost what a few do.
import React, { useEffect, useRef } from 'react';
import { type GrafanaTheme2 } from '@grafana/data';

import { tickPixels } from './findMatches';
import { type Styles } from './styles';

/** Where ticks go when the browser's scrollbars overlay the content (0 px wide): a strip this wide at the edge. */
const OVERLAY_WIDTH = 6;

/**
 * The length of each arrow button at the scrollbar's ends: classic scrollbars on Windows and Linux have square ones
 * as long as the bar is wide; macOS has none.
 */
function arrowLength(width: number): number {
  const mac = typeof navigator !== 'undefined' && /Macintosh|Mac OS X/.test(navigator.userAgent);
  return width > 0 && !mac ? width : 0;
}

interface Props {
  /** Display rows of the matches, ascending. */
  positions: Int32Array;
  /** Display row of the current match, or -1. */
  current: number;
  /** Where the rows start in the grid's content (below the header), in pixels. */
  top: number;
  rowHeight: number;
  /** The display row with its details open below it (-1: none), and their height. */
  expandedAt: number;
  extra: number;
  /** The content's height in pixels. */
  total: number;
  /** The scroller's inner height: the scrollbar's length. */
  height: number;
  /** The scrollbar's width. */
  width: number;
  styles: Styles;
  theme: GrafanaTheme2;
}

/** Drawn again only when the matches, the current one or the geometry changed. */
export const MatchTicks = React.memo(function MatchTicks(p: Props) {
  const { positions, current, total, height, width, styles, theme } = p;
  const { top, rowHeight, expandedAt, extra } = p;
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
    // The thumb moves along the track between the arrow buttons: the ticks map the content onto that track.
    const arrow = arrowLength(width);
    const track = Math.max(1, height - 2 * arrow);
    const px = tickPixels(positions, top + rowHeight / 2, rowHeight, expandedAt, extra, total, track);
    ctx.fillStyle = theme.colors.warning.main;
    // Each run of marked pixel rows is one rectangle, at least 2 px tall so a single match shows.
    for (let y = 0; y < px.length; y++) {
      if (px[y]) {
        let end = y + 1;
        while (end < px.length && px[end]) {
          end++;
        }
        ctx.fillRect(2, arrow + Math.min(y, track - 2), w - 4, Math.max(2, end - y));
        y = end;
      }
    }
    if (current >= 0) {
      const mid = top + current * rowHeight + rowHeight / 2 + (expandedAt >= 0 && current > expandedAt ? extra : 0);
      const y = arrow + Math.min(track - 3, Math.max(0, Math.floor((mid / total) * track) - 1));
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
});
