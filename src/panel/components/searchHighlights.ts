// Search matches painted with the CSS Custom Highlight API: a keystroke moves ranges over the text nodes already on
// screen instead of rendering every visible cell again with <mark> elements.
import { type Column } from '../engine/columns';
import { type SearchTerm, matchRanges } from '../engine/search';

/** The highlight's name in CSS (`::highlight(spacetime-search)`), shared by every panel on the page. */
export const HIGHLIGHT_NAME = 'spacetime-search';
/** The current match's ranges (`::highlight(spacetime-search-current)`). */
export const CURRENT_HIGHLIGHT_NAME = 'spacetime-search-current';

/** Marks an element whose last child is the text node showing a column's text: `data-search-key="<column key>"`. */
export const SEARCH_KEY_ATTR = 'data-search-key';

function sharedHighlight(name = HIGHLIGHT_NAME): Highlight | undefined {
  // Browsers without the API (before Chrome 105, Firefox 140, Safari 17.2) still gray out non-matching rows.
  if (typeof Highlight !== 'function' || typeof CSS === 'undefined' || !CSS.highlights) {
    return undefined;
  }
  let shared = CSS.highlights.get(name);
  if (!shared) {
    shared = new Highlight();
    if (name === CURRENT_HIGHLIGHT_NAME) {
      shared.priority = 1; // over the other matches where they meet
    }
    CSS.highlights.set(name, shared);
  }
  return shared;
}

/** One panel's ranges inside the page-wide highlight. */
export class SearchHighlighter {
  private ranges: StaticRange[] = [];
  private currentRanges: StaticRange[] = [];

  /**
   * Highlights the terms in the marked text under `root`, replacing this panel's earlier ranges; those in the row
   * `data-row="<currentRow>"` go to the current match's highlight.
   */
  update(
    root: HTMLElement | null,
    terms: SearchTerm[],
    columnOf: (key: string) => Column | undefined,
    currentRow = -1
  ): void {
    if (terms.length === 0 && this.ranges.length === 0 && this.currentRanges.length === 0) {
      return;
    }
    const shared = sharedHighlight();
    const current = sharedHighlight(CURRENT_HIGHLIGHT_NAME);
    if (!shared || !current) {
      return;
    }
    this.clearFrom(shared, current);
    if (!root || terms.length === 0) {
      return;
    }
    const currentEl = currentRow >= 0 ? root.querySelector(`[data-row="${currentRow}"]`) : null;
    for (const el of root.querySelectorAll<HTMLElement>(`[${SEARCH_KEY_ATTR}]`)) {
      const column = columnOf(el.getAttribute(SEARCH_KEY_ATTR)!);
      const node = el.lastChild;
      if (!column || !node || node.nodeType !== Node.TEXT_NODE) {
        continue;
      }
      for (const [start, end] of matchRanges(node.nodeValue ?? '', terms, column)) {
        // Static, not live: a live Range makes every later DOM removal (scrolling, filtering) update it.
        const range = new StaticRange({ startContainer: node, startOffset: start, endContainer: node, endOffset: end });
        if (currentEl && currentEl.contains(el)) {
          current.add(range);
          this.currentRanges.push(range);
        } else {
          shared.add(range);
          this.ranges.push(range);
        }
      }
    }
  }

  clear(): void {
    const shared = sharedHighlight();
    const current = sharedHighlight(CURRENT_HIGHLIGHT_NAME);
    if (shared && current) {
      this.clearFrom(shared, current);
    }
  }

  private clearFrom(shared: Highlight, current: Highlight): void {
    for (const range of this.ranges) {
      shared.delete(range);
    }
    for (const range of this.currentRanges) {
      current.delete(range);
    }
    this.ranges = [];
    this.currentRanges = [];
  }
}
