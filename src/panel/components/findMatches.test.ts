import { chooseCurrent, firstMatchIn, indexOfPosition, matchPositions, step, tickPixels } from './findMatches';

const ints = (...xs: number[]) => Int32Array.from(xs);

describe('find in the grid', () => {
  // Frame rows 0..5 shown in the order 5,4,3,2,1,0; rows 4, 2 and 0 match: display rows 1, 3 and 5.
  const rows = ints(5, 4, 3, 2, 1, 0);
  const matches = Uint8Array.from([1, 0, 1, 0, 1, 0]);
  const positions = matchPositions(rows, matches, false);

  it('places the matches among the shown rows, in display order', () => {
    expect([...positions]).toEqual([1, 3, 5]);
    expect([...matchPositions(ints(4, 2, 0), matches, true)]).toEqual([0, 1, 2]);
    expect(indexOfPosition(positions, 3)).toBe(1);
    expect(indexOfPosition(positions, 2)).toBe(-1);
    expect(indexOfPosition(positions, -1)).toBe(-1);
    expect(firstMatchIn(positions, 2, 4)).toBe(1);
    expect(firstMatchIn(positions, 4, 4)).toBe(-1);
  });

  it('steps to the next and previous match and wraps at either end', () => {
    expect(step(positions, 0, 1, 0)).toEqual({ index: 1, wrapped: false });
    expect(step(positions, 2, 1, 0)).toEqual({ index: 0, wrapped: true });
    expect(step(positions, 0, -1, 0)).toEqual({ index: 2, wrapped: true });
    // No current match: from the top of the view.
    expect(step(positions, -1, 1, 2)).toEqual({ index: 1, wrapped: false });
    expect(step(positions, -1, -1, 2)).toEqual({ index: 0, wrapped: false });
    expect(step(new Int32Array(0), -1, 1, 0)).toBeUndefined();
  });

  it('keeps the view when a match is in it, else goes to the first match', () => {
    // New search text, view on display rows 2..4: match 3 is in view and becomes current, no scroll.
    expect(chooseCurrent(positions, -1, true, 2, 4)).toEqual({ index: 1, reveal: false });
    // The current match is in view: it stays.
    expect(chooseCurrent(positions, 2, true, 3, 5)).toEqual({ index: 2, reveal: false });
    // No match in view: the first match, scrolled to.
    expect(chooseCurrent(positions, -1, true, 4, 4)).toEqual({ index: 0, reveal: true });
    // The current match is out of view after a new search text: the first in view takes over.
    expect(chooseCurrent(positions, 0, true, 3, 5)).toEqual({ index: 1, reveal: false });
    // Not a new search (a filter, the sort): the current match stays where it is.
    expect(chooseCurrent(positions, 0, false, 3, 5)).toEqual({ index: 0, reveal: false });
    expect(chooseCurrent(new Int32Array(0), -1, true, 0, 5)).toBeUndefined();
  });

  it('marks one pixel row per match in the scrollbar track, merging matches that share one', () => {
    // 100 rows of 10 px, a 50 px track: 20 px of content per pixel.
    const px = tickPixels(ints(0, 1, 50, 99), 5, 10, -1, 0, 1000, 50);
    expect([...px.keys()].filter((y) => px[y])).toEqual([0, 25, 49]);
    // Row 10 expanded with 200 px of details: the rows below it move down.
    const shifted = tickPixels(ints(50), 5, 10, 10, 200, 1200, 60);
    expect([...shifted.keys()].filter((y) => shifted[y])).toEqual([35]);
    const many = new Int32Array(100_000).map((_, i) => i);
    expect(tickPixels(many, 14, 28, -1, 0, 100_000 * 28, 600).every((v) => v === 1)).toBe(true);
  });
});
