// The viewer's state of one panel and its URL form (a key per panel), so a copied link reproduces the view.
import { type SortBy } from '../engine/sort';
import { type ColumnFilter } from './columnFilters';

export interface ViewState {
  sort: SortBy[];
  search: string;
  filters: ColumnFilter[];
  /** Column keys in the viewer's order; undefined: the panel options' order. */
  order?: string[];
  /** Hidden column keys; undefined: the panel options' hidden columns. */
  hidden?: string[];
  /** Column widths in pixels the viewer set by dragging; other columns fit their content. */
  widths?: Record<string, number>;
  /** The expanded row's key (its id, else its index). */
  expanded?: string;
  /** Non-matching rows hidden instead of grayed out; undefined: the panel option. */
  hideNonMatching?: boolean;
  /** The current search match's key (its id, else its index); kept only with a search. */
  match?: string;
}

/** The narrowest and widest a viewer can drag a column. */
export const MIN_COLUMN_WIDTH = 40;
export const MAX_COLUMN_WIDTH = 2000;

export const EMPTY_VIEW: ViewState = { sort: [], search: '', filters: [] };

export type UrlParams = Record<string, string | undefined>;

/** URL parameter names for one panel: `tt<panelId>.<part>`. */
export function paramNames(panelKey: string) {
  const p = `tt${panelKey}.`;
  return {
    sort: `${p}sort`,
    search: `${p}q`,
    filters: `${p}f`,
    order: `${p}cols`,
    hidden: `${p}hide`,
    widths: `${p}w`,
    expanded: `${p}row`,
    hideNonMatching: `${p}only`,
    match: `${p}match`,
  };
}

const enc = (s: string) => s.replace(/[%,]/g, (c) => encodeURIComponent(c));
const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** A comma list where items escape `,` and `%` (URL encoding then escapes the rest). */
function list(items: string[]): string {
  return items.map(enc).join(',');
}

function unlist(text: string): string[] {
  return text === '' ? [] : text.split(',').map(dec);
}

function isColumnFilter(v: unknown): v is ColumnFilter {
  const f = v as ColumnFilter;
  return (
    !!f &&
    typeof f === 'object' &&
    typeof f.key === 'string' &&
    ['values', 'contains', 'regex', 'range'].includes(f.kind) &&
    (f.values === undefined || (Array.isArray(f.values) && f.values.every((x) => typeof x === 'string')))
  );
}

/** Reads a panel's state from URL parameters; anything unreadable is left at its default. */
export function parseViewState(params: UrlParams, panelKey: string): ViewState {
  const n = paramNames(panelKey);
  const state: ViewState = { sort: [], search: params[n.search] ?? '', filters: [] };
  const sort = params[n.sort];
  if (sort) {
    state.sort = unlist(sort)
      .filter((s) => s !== '' && s !== '-')
      .map((s) => (s.startsWith('-') ? { key: s.slice(1), desc: true } : { key: s, desc: false }));
  }
  const filters = params[n.filters];
  if (filters) {
    try {
      const parsed: unknown = JSON.parse(filters);
      if (Array.isArray(parsed)) {
        state.filters = parsed.filter(isColumnFilter);
      }
    } catch {
      // A hand-edited link with broken JSON: no filters rather than no panel.
    }
  }
  if (params[n.order] !== undefined) {
    state.order = unlist(params[n.order]!);
  }
  if (params[n.hidden] !== undefined) {
    state.hidden = unlist(params[n.hidden]!);
  }
  if (params[n.widths]) {
    const widths: Record<string, number> = {};
    for (const item of unlist(params[n.widths]!)) {
      const colon = item.lastIndexOf(':');
      const px = Number(item.slice(colon + 1));
      if (colon > 0 && Number.isInteger(px) && px >= MIN_COLUMN_WIDTH && px <= MAX_COLUMN_WIDTH) {
        widths[item.slice(0, colon)] = px;
      }
    }
    if (Object.keys(widths).length) {
      state.widths = widths;
    }
  }
  if (params[n.expanded]) {
    state.expanded = params[n.expanded];
  }
  if (params[n.hideNonMatching] !== undefined) {
    state.hideNonMatching = params[n.hideNonMatching] === '1';
  }
  if (params[n.match] && state.search !== '') {
    state.match = params[n.match];
  }
  return state;
}

/** The URL parameters for a state; null removes a parameter (locationService.partial's convention). */
export function viewStateToParams(state: ViewState, panelKey: string): Record<string, string | null> {
  const n = paramNames(panelKey);
  return {
    [n.sort]: state.sort.length ? list(state.sort.map((s) => (s.desc ? `-${s.key}` : s.key))) : null,
    [n.search]: state.search !== '' ? state.search : null,
    [n.filters]: state.filters.length ? JSON.stringify(state.filters) : null,
    [n.order]: state.order ? list(state.order) : null,
    [n.hidden]: state.hidden ? list(state.hidden) : null,
    [n.widths]:
      state.widths && Object.keys(state.widths).length
        ? list(Object.entries(state.widths).map(([k, px]) => `${k}:${px}`))
        : null,
    [n.expanded]: state.expanded ?? null,
    [n.hideNonMatching]: state.hideNonMatching === undefined ? null : state.hideNonMatching ? '1' : '0',
    [n.match]: state.match !== undefined && state.search !== '' ? state.match : null,
  };
}

export function sameParams(a: Record<string, string | null>, b: Record<string, string | null>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if ((a[k] ?? null) !== (b[k] ?? null)) {
      return false;
    }
  }
  return true;
}

/**
 * `next`, with every part that equals `prev`'s taken from `prev`: a URL change that touches only the filters does
 * not hand the table a new sort (which would sort 100k rows again).
 */
export function keepUnchanged(prev: ViewState, next: ViewState): ViewState {
  const out = { ...next } as Record<string, unknown>;
  const old = prev as unknown as Record<string, unknown>;
  for (const k of Object.keys(out)) {
    if (JSON.stringify(out[k]) === JSON.stringify(old[k])) {
      out[k] = old[k];
    }
  }
  return out as unknown as ViewState;
}
