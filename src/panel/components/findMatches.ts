// Find in the grid, as an editor's find: where the matches are among the shown rows, which one is current, and
// which one the next and previous steps go to. Positions are display rows (indices into the rows the grid shows).

/** Display rows of the matching rows, ascending. When every shown row matches (non-matches hidden): all of them. */
export function matchPositions(rows: Int32Array, matches: Uint8Array, allMatch: boolean): Int32Array {
  const n = rows.length;
  const out = new Int32Array(n);
  if (allMatch) {
    for (let i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    out[k] = i;
    k += matches[rows[i]];
  }
  return out.subarray(0, k);
}

/** Index of the first position ≥ `pos` (positions.length when there is none). */
export function lowerBound(positions: Int32Array, pos: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid] < pos) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Index in `positions` of the display row `pos`, or -1 when that row is not a match. */
export function indexOfPosition(positions: Int32Array, pos: number): number {
  if (pos < 0) {
    return -1;
  }
  const k = lowerBound(positions, pos);
  return k < positions.length && positions[k] === pos ? k : -1;
}

/** Index of the first match among the display rows first..last, or -1. */
export function firstMatchIn(positions: Int32Array, first: number, last: number): number {
  const k = lowerBound(positions, first);
  return k < positions.length && positions[k] <= last ? k : -1;
}

export interface Step {
  /** Index in positions of the match stepped to. */
  index: number;
  /** The step went past the last match to the first, or before the first to the last. */
  wrapped: boolean;
}

/**
 * The next (dir 1) or previous (dir -1) match from the current one (an index in positions, or -1). Without a
 * current match, the step starts from the top of the view (`anchor`, a display row): next is the first match at or
 * below it, previous the last one above it.
 */
export function step(positions: Int32Array, current: number, dir: 1 | -1, anchor: number): Step | undefined {
  const n = positions.length;
  if (n === 0) {
    return undefined;
  }
  const k =
    current >= 0 ? current + dir : dir === 1 ? lowerBound(positions, anchor) : lowerBound(positions, anchor) - 1;
  if (k >= n) {
    return { index: 0, wrapped: true };
  }
  if (k < 0) {
    return { index: n - 1, wrapped: true };
  }
  return { index: k, wrapped: false };
}

export interface FindChoice {
  /** Index in positions of the current match. */
  index: number;
  /** Whether the grid must scroll to it. */
  reveal: boolean;
}

/**
 * Which match is current after the rows changed. The search text changed: the current match stays when it is in
 * view, else the first match in view does (the scroll position stays); with no match in view the grid goes to the
 * first match. Something else changed (a filter, the sort, new data): the current match stays wherever it is; when
 * it is gone, the same rule as for a new search applies. `current` is an index in positions, or -1.
 */
export function chooseCurrent(
  positions: Int32Array,
  current: number,
  searchChanged: boolean,
  first: number,
  last: number
): FindChoice | undefined {
  if (positions.length === 0) {
    return undefined;
  }
  if (current >= 0 && (!searchChanged || (positions[current] >= first && positions[current] <= last))) {
    return { index: current, reveal: false };
  }
  const inView = firstMatchIn(positions, first, last);
  return inView >= 0 ? { index: inView, reveal: false } : { index: 0, reveal: true };
}

/**
 * The match ticks in a scrollbar track of `track` pixels: 1 for each pixel row with a match. Display row i's middle
 * is at first + i × rowHeight in content pixels out of `total`, plus `extra` below the expanded row `expandedAt`.
 * One pass of arithmetic over the matches, whatever their number.
 */
export function tickPixels(
  positions: Int32Array,
  first: number,
  rowHeight: number,
  expandedAt: number,
  extra: number,
  total: number,
  track: number
): Uint8Array {
  const px = new Uint8Array(Math.max(0, Math.ceil(track)));
  if (total <= 0 || px.length === 0) {
    return px;
  }
  const scale = track / total;
  const last = px.length - 1;
  let lastPx = -1;
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k];
    const y = first + i * rowHeight + (expandedAt >= 0 && i > expandedAt ? extra : 0);
    const p = Math.min(last, Math.floor(y * scale));
    if (p !== lastPx) {
      px[p] = 1;
      lastPx = p;
    }
  }
  return px;
}
