// Runs filter + search over a sorted row order: what the table shows, what it grays out, and counts.
import { type FilterNode } from '../../shared/filterModel';
import { type FrameIndex } from './columns';
import { FilterError, compileFilter, type RowPredicate } from './filter';
import { compileSearch, parseSearch, type SearchTerm } from './search';

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
  let pass: RowPredicate | undefined;
  let error: string | undefined;
  try {
    pass = filter ? compileFilter(filter, index) : undefined;
  } catch (e) {
    if (!(e instanceof FilterError)) {
      throw e;
    }
    error = e.message;
  }
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
