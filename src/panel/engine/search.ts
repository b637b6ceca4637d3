// Free-text search: docs/query-model.md "Search". Terms split on white space, "quoted phrases" are one term,
// field:value (or field:"a phrase") looks in one field when the field is known. Every term must match.
import { type Column, type FrameIndex, SEARCH_SEPARATOR } from './columns';
import { type RowPredicate } from './filter';

export interface SearchToken {
  /** The field name as typed, when the token has the form field:value. */
  field?: string;
  /** The value (unquoted), or the whole token when it has no field part. */
  value: string;
  /** The token as typed, quotes removed. */
  raw: string;
}

/** Splits search text into tokens; an unterminated quote runs to the end. */
export function tokenizeSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  const n = text.length;
  const isSpace = (ch: string) => /\s/.test(ch);
  while (i < n) {
    while (i < n && isSpace(text[i])) {
      i++;
    }
    if (i >= n) {
      break;
    }
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const value = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      i = end < 0 ? n : end + 1;
      if (value !== '') {
        tokens.push({ value, raw: value });
      }
      continue;
    }
    let j = i;
    while (j < n && !isSpace(text[j]) && text[j] !== '"') {
      j++;
    }
    const word = text.slice(i, j);
    const colon = word.indexOf(':');
    if (colon > 0 && j < n && text[j] === '"' && colon === word.length - 1) {
      // field:"a phrase"
      const end = text.indexOf('"', j + 1);
      const value = end < 0 ? text.slice(j + 1) : text.slice(j + 1, end);
      i = end < 0 ? n : end + 1;
      tokens.push({ field: word.slice(0, colon), value, raw: `${word}${value}` });
      continue;
    }
    i = j;
    if (colon > 0) {
      tokens.push({ field: word.slice(0, colon), value: word.slice(colon + 1), raw: word });
    } else {
      tokens.push({ value: word, raw: word });
    }
  }
  return tokens;
}

export interface SearchTerm {
  /** Lower-cased text to find. */
  needle: string;
  /** The one column a field:value term looks in; undefined: every searched column. */
  column?: Column;
}

/** Resolves tokens against a frame: field:value with an unknown field becomes an ordinary term. */
export function parseSearch(text: string, index: FrameIndex): SearchTerm[] {
  return tokenizeSearch(text).map((t) => {
    if (t.field !== undefined) {
      const column = index.columnIgnoringCase(t.field);
      if (column) {
        return { needle: t.value.toLowerCase(), column };
      }
    }
    return { needle: t.raw.toLowerCase() };
  });
}

/**
 * Per frame row: 1 when its search text contains `needle` (which holds no separator). One scan through the whole
 * text, skipping to the next row after each hit: the cost follows the text's length, not the sort order.
 */
export function rowsContaining(needle: string, index: FrameIndex): Uint8Array {
  const { text, starts } = index.searchText();
  const out = new Uint8Array(index.length);
  let row = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) {
      return out;
    }
    while (starts[row + 1] <= at) {
      row++;
    }
    out[row] = 1;
    from = starts[row + 1];
  }
}

/** Below this share of the frame's rows, candidates are tested one by one instead of scanning the whole text. */
const ROW_BY_ROW_SHARE = 1 / 16;

/** A row predicate for one term, for testing `candidates` rows. */
function searchCheck(term: SearchTerm, index: FrameIndex, candidates: number): RowPredicate {
  const needle = term.needle;
  if (term.column) {
    const texts = term.column.lower();
    return (r) => texts[r].includes(needle);
  }
  if (needle === '') {
    return () => true;
  }
  if (!needle.includes(SEARCH_SEPARATOR)) {
    if (candidates > index.length * ROW_BY_ROW_SHARE) {
      const hits = rowsContaining(needle, index);
      return (r) => hits[r] === 1;
    }
    const { text, starts } = index.searchText();
    return (r) => text.slice(starts[r], starts[r + 1]).includes(needle);
  }
  // A needle holding the separator could match across two cells in the joined text: look cell by cell.
  const searched = index.searchedColumns().map((c) => c.lower());
  return (r) => {
    for (let c = 0; c < searched.length; c++) {
      if (searched[c][r].includes(needle)) {
        return true;
      }
    }
    return false;
  };
}

/**
 * Whether every row matching `next` also matches `prev`: each earlier term is implied by a later term looking
 * at the same column(s) whose needle contains it ("chec" → "check", "checkout" → "checkout 502").
 */
export function narrows(next: SearchTerm[], prev: SearchTerm[]): boolean {
  return prev.every((p) => next.some((t) => t.column === p.column && t.needle.includes(p.needle)));
}

/**
 * A row predicate for the terms (undefined when there are none: everything matches), for testing `candidates` rows
 * (by default all of them).
 */
export function compileSearch(
  terms: SearchTerm[],
  index: FrameIndex,
  candidates = index.length
): RowPredicate | undefined {
  if (terms.length === 0) {
    return undefined;
  }
  const checks: RowPredicate[] = terms.map((term) => searchCheck(term, index, candidates));
  if (checks.length === 1) {
    return checks[0];
  }
  return (r) => {
    // Indexed: for-of would allocate an iterator per row until the JIT optimizes it away.
    for (let i = 0; i < checks.length; i++) {
      if (!checks[i](r)) {
        return false;
      }
    }
    return true;
  };
}

export type MatchRange = [start: number, end: number];

/**
 * Where the terms that apply to a column occur in a cell's shown text (for highlighting), merged and sorted.
 * The shown text may differ from the filter text (formatting), so a matching row may have no ranges.
 */
export function matchRanges(shown: string, terms: SearchTerm[], column: Column): MatchRange[] {
  if (terms.length === 0 || shown === '') {
    return [];
  }
  const lower = shown.toLowerCase();
  // Simple lower-casing can change the length of a few characters; then offsets would be wrong, so skip.
  if (lower.length !== shown.length) {
    return [];
  }
  const ranges: MatchRange[] = [];
  for (const term of terms) {
    if (term.needle === '' || (term.column ? term.column !== column : !column.searched)) {
      continue;
    }
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term.needle, from);
      if (at < 0) {
        break;
      }
      ranges.push([at, at + term.needle.length]);
      from = at + term.needle.length;
    }
  }
  if (ranges.length < 2) {
    return ranges;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: MatchRange[] = [ranges[0]];
  for (let i = 1; i < ranges.length; i++) {
    const last = merged[merged.length - 1];
    if (ranges[i][0] <= last[1]) {
      last[1] = Math.max(last[1], ranges[i][1]);
    } else {
      merged.push(ranges[i]);
    }
  }
  return merged;
}
