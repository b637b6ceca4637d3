// Runs filter + search over a sorted row order: what the table shows, what it grays out, and counts.
import { type FilterNode } from '../../shared/filterModel';
import { type FrameIndex } from './columns';
import { FilterError, compileFilter, type RowPredicate } from './filter';
import { compileSearch, narrows, parseSearch, type SearchTerm } from './search';

export interface Evaluation {
  /** Rows that pass the filters, in sort order (search non-matches included unless hidden). */
  rows: Int32Array;
  /** Per frame row: 1 when it matches the search (all 1 without a search). */
  matches: Uint8Array;
  /** Rows passing the filters. */
  filteredCount: number;
  /** Rows passing the filters and the search. */
  matchCount: number;
  terms: SearchTerm[];
  /** A filter that could not be compiled (the filter is then ignored). */
  error?: string;
}

export interface EvaluateInput {
  index: FrameIndex;
  order: Int32Array;
  filter?: FilterNode;
  search: string;
  hideNonMatching: boolean;
}

export function evaluate({ index, order, filter, search, hideNonMatching }: EvaluateInput): Evaluation {
  const { pass, error } = compileOrExplain(filter, index);
  const terms = parseSearch(search, index);
  const match = compileSearch(terms, index);
  const n = order.length;
  const matches = new Uint8Array(index.length);
  const rows = new Int32Array(n);
  let count = 0;
  let filteredCount = 0;
  let matchCount = 0;
  for (let i = 0; i < n; i++) {
    const r = order[i];
    if (pass && !pass(r)) {
      continue;
    }
    filteredCount++;
    const m = match ? match(r) : true;
    if (m) {
      matches[r] = 1;
      matchCount++;
    }
    if (m || !hideNonMatching) {
      rows[count++] = r;
    }
  }
  return { rows: rows.subarray(0, count), matches, filteredCount, matchCount, terms, error };
}

/** Matching row indices in ascending order (the shared vectors' contract). Throws FilterError. */
export function matchingRows(index: FrameIndex, filter: FilterNode | undefined, search: string): number[] {
  const pass = filter ? compileFilter(filter, index) : undefined;
  const match = compileSearch(parseSearch(search, index), index);
  const out: number[] = [];
  for (let r = 0; r < index.length; r++) {
    if ((!pass || pass(r)) && (!match || match(r))) {
      out.push(r);
    }
  }
  return out;
}

/** How many earlier searches an Evaluator keeps to narrow from or return to (typing, then Backspace). */
const HISTORY = 8;

interface Searched {
  key: string;
  terms: SearchTerm[];
  /** Rows passing the filters and matching these terms, in sort order. */
  matched: Int32Array;
}

const termKey = (t: SearchTerm) => `${t.column?.index ?? ''}\u0001${t.needle}`;
const termsKey = (terms: SearchTerm[]) => terms.map(termKey).join('\u0002');

/**
 * evaluate() for a view that changes one step at a time (the panel's search box). It keeps the rows that pass
 * the filters for the current frame, order and filter, and the last few searches' matches: a search that
 * narrows an earlier one ("chec" → "check", "checkout" → "checkout 502") only looks at that search's matches,
 * and a search seen a moment ago (Backspace) is answered from memory. Results equal evaluate()'s.
 */
export class Evaluator {
  private base?: {
    index: FrameIndex;
    order: Int32Array;
    filter?: FilterNode;
    /** Rows passing the filters, in sort order. */
    filtered: Int32Array;
    error?: string;
  };
  private history: Searched[] = [];
  private scratch = new Int32Array(0);

  run({ index, order, filter, search, hideNonMatching }: EvaluateInput): Evaluation {
    let base = this.base;
    if (!base || base.index !== index || base.order !== order || base.filter !== filter) {
      base = { index, order, filter, ...filterRows(index, order, filter) };
      this.base = base;
      this.history = [];
    }
    const { filtered, error } = base;
    const terms = parseSearch(search, index);
    const matched = terms.length === 0 ? filtered : this.search(index, filtered, terms);
    const matches = new Uint8Array(index.length);
    for (let i = 0; i < matched.length; i++) {
      matches[matched[i]] = 1;
    }
    return {
      rows: hideNonMatching ? matched : filtered,
      matches,
      filteredCount: filtered.length,
      matchCount: matched.length,
      terms,
      error,
    };
  }

  private search(index: FrameIndex, filtered: Int32Array, terms: SearchTerm[]): Int32Array {
    const key = termsKey(terms);
    const seen = this.history.findIndex((h) => h.key === key);
    if (seen >= 0) {
      const [hit] = this.history.splice(seen, 1);
      this.history.push(hit);
      return hit.matched;
    }
    // Narrow from the smallest earlier result this search implies; terms it already had need no test.
    let from: Searched | undefined;
    for (const h of this.history) {
      if ((!from || h.matched.length < from.matched.length) && narrows(terms, h.terms)) {
        from = h;
      }
    }
    const candidates = from ? from.matched : filtered;
    const known = new Set(from ? from.terms.map(termKey) : []);
    const match = compileSearch(
      terms.filter((t) => !known.has(termKey(t))),
      index,
      candidates.length
    );
    let matched: Int32Array;
    if (!match) {
      matched = candidates;
    } else {
      // One scratch buffer for every search: each keystroke allocates only its result.
      if (this.scratch.length < candidates.length) {
        this.scratch = new Int32Array(candidates.length);
      }
      const out = this.scratch;
      let count = 0;
      for (let i = 0; i < candidates.length; i++) {
        const r = candidates[i];
        if (match(r)) {
          out[count++] = r;
        }
      }
      matched = out.slice(0, count);
    }
    this.history.push({ key, terms, matched });
    if (this.history.length > HISTORY) {
      this.history.shift();
    }
    return matched;
  }
}

function filterRows(
  index: FrameIndex,
  order: Int32Array,
  filter: FilterNode | undefined
): { filtered: Int32Array; error?: string } {
  const { pass, error } = compileOrExplain(filter, index);
  if (!pass) {
    return { filtered: order, error };
  }
  const out = new Int32Array(order.length);
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (pass(r)) {
      out[count++] = r;
    }
  }
  return { filtered: out.slice(0, count), error };
}

/** Compiles the column filter; a bad filter (unknown field, invalid regex) becomes its message, not a throw. */
function compileOrExplain(filter: FilterNode | undefined, index: FrameIndex): { pass?: RowPredicate; error?: string } {
  try {
    return { pass: filter ? compileFilter(filter, index) : undefined };
  } catch (e) {
    if (!(e instanceof FilterError)) {
      throw e;
    }
    return { error: e.message };
  }
}
