import React, { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type DataFrame } from '@grafana/data';
import { Button, Icon, Input, usePanelContext, useStyles2, useTheme2 } from '@grafana/ui';

import { type Column, FrameIndex } from '../engine/columns';
import { Evaluator } from '../engine/evaluate';
import { type SortBy, sortRows } from '../engine/sort';
import { type Delimited, download, shownText, toDelimited } from '../export/delimited';
import { type ColumnFilter, columnFiltersToNode } from '../state/columnFilters';
import { useViewState } from '../state/useViewState';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, type ViewState } from '../state/viewState';
import { type TicketTableOptions } from '../types';
import { type CellMenu, CellMenuView } from './CellMenuView';
import { ColumnFilterButton } from './ColumnFilterButton';
import { FilterBar } from './FilterBar';
import { Grid } from './Grid';
import { RowDetails } from './RowDetails';
import { TableTools } from './TableTools';
import { EXPANDER_WIDTH, getStyles } from './styles';

interface Props {
  panelId: number;
  frame: DataFrame;
  frames: DataFrame[];
  options: TicketTableOptions;
  width: number;
  height: number;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Width that fits a column's name and a sample of its shown values. */
function estimateWidth(column: Column, length: number): number {
  let longest = column.name.length + 4;
  const step = Math.max(1, Math.floor(length / 200));
  for (let r = 0; r < length; r += step) {
    longest = Math.max(longest, shownText(column, r).length);
  }
  return Math.max(56, Math.min(column.kind === 'string' ? 420 : 220, Math.round(longest * 7 + 20)));
}

export function TableView({ panelId, frame, frames, options, width, height }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const panelContext = usePanelContext();
  const index = useMemo(() => new FrameIndex(frame, frames), [frame, frames]);
  const searchVariable = options.searchVariable?.trim();
  const extraParams = useCallback(
    (s: ViewState): Record<string, string | null> => (searchVariable ? { [`var-${searchVariable}`]: s.search } : {}),
    [searchVariable]
  );
  const [view, update] = useViewState(String(panelId), extraParams);
  const rootRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [cellMenu, setCellMenu] = useState<CellMenu>();
  const [filterOpen, setFilterOpen] = useState<string>();
  const [columnsOpen, setColumnsOpen] = useState(false);

  // Columns: the viewer's order and hidden set, else the panel options'.
  const defaultOrder = useMemo(() => {
    const named = splitList(options.columnOrder).filter((k) => index.column(k));
    return [...named, ...index.columns.map((c) => c.key).filter((k) => !named.includes(k))];
  }, [options.columnOrder, index]);
  const defaultHidden = useMemo(() => splitList(options.hiddenColumns), [options.hiddenColumns]);
  const order = useMemo(() => {
    if (!view.order) {
      return defaultOrder;
    }
    const known = view.order.filter((k) => index.column(k));
    return [...known, ...defaultOrder.filter((k) => !known.includes(k))];
  }, [view.order, defaultOrder, index]);
  const hidden = useMemo(() => new Set(view.hidden ?? defaultHidden), [view.hidden, defaultHidden]);
  const visible = useMemo(
    () => order.filter((k) => !hidden.has(k)).map((k) => index.column(k)!),
    [order, hidden, index]
  );

  const estimated = useMemo(() => {
    const out: Record<string, number> = {};
    for (const c of index.columns) {
      out[c.key] = estimateWidth(c, index.length);
    }
    return out;
  }, [index]);
  const userWidths = view.widths ?? NO_WIDTHS;
  const widths = useMemo(() => {
    const out: Record<string, number> = {};
    let total = EXPANDER_WIDTH + 2;
    let widest: string | undefined;
    for (const c of visible) {
      out[c.key] = userWidths[c.key] ?? estimated[c.key];
      total += out[c.key];
      if (!userWidths[c.key] && c.kind === 'string' && (!widest || out[c.key] > out[widest])) {
        widest = c.key;
      }
    }
    // Spare room goes to the widest text column the viewer has not sized.
    if (widest && total < width) {
      out[widest] += width - total;
    }
    return out;
  }, [visible, userWidths, estimated, width]);

  // Rows.
  const sorted = useMemo(() => sortRows(index, view.sort), [index, view.sort]);
  const filterNode = useMemo(() => columnFiltersToNode(view.filters), [view.filters]);
  const hideNonMatching = view.hideNonMatching ?? options.hideNonMatching ?? false;
  // Keeps the filtered rows and recent searches, so a keystroke that narrows the search only looks at the last matches.
  const [evaluator] = useState(() => new Evaluator());
  const result = useMemo(
    () => evaluator.run({ index, order: sorted, filter: filterNode, search: view.search, hideNonMatching }),
    [evaluator, index, sorted, filterNode, view.search, hideNonMatching]
  );
  const searching = result.terms.length > 0;
  // Whether result.rows are exactly the rows shown; otherwise grayed non-matches are among them.
  const rowsAreShown = !searching || hideNonMatching;
  // The rows shown (grayed non-matches excluded), built only when downloading.
  const shownRows = () => (rowsAreShown ? result.rows : result.rows.filter((r) => result.matches[r] === 1));

  const idColumn = index.column('id');
  const rowKey = useCallback((r: number) => (idColumn ? idColumn.text()[r] : String(r)), [idColumn]);
  const expandedRow = useMemo(() => {
    if (view.expanded === undefined) {
      return -1;
    }
    if (!idColumn) {
      const r = Number(view.expanded);
      return Number.isInteger(r) && r >= 0 && r < index.length ? r : -1;
    }
    return idColumn.text().indexOf(view.expanded);
  }, [view.expanded, idColumn, index]);

  // Build the search text while the viewer reads, a slice at a time, so the first keystroke does not pay for it.
  useEffect(() => {
    let handle = 0;
    const step = () => {
      if (!index.buildSearchText(10_000)) {
        handle = window.setTimeout(step, 0);
      }
    };
    handle = window.setTimeout(step, 0);
    return () => window.clearTimeout(handle);
  }, [index]);

  // "/" focuses the search box of the panel under the pointer or holding focus (or the only one).
  const hovered = useRef(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) {
        return;
      }
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
        return;
      }
      const root = rootRef.current;
      const only = document.querySelectorAll('[data-testid="spacetime-ticket-table"]').length === 1;
      if (root && (only || hovered.current || root.contains(document.activeElement))) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Actions.
  const onSort = useCallback(
    (key: string, multi: boolean) =>
      update((s) => {
        const at = s.sort.findIndex((x) => x.key === key);
        const cur = at >= 0 ? s.sort[at] : undefined;
        // Cycle: ascending → descending → off.
        const next: SortBy | undefined = !cur ? { key, desc: false } : !cur.desc ? { key, desc: true } : undefined;
        if (!multi) {
          return { sort: next ? [next] : [] };
        }
        const rest = s.sort.filter((x) => x.key !== key);
        if (!next) {
          return { sort: rest };
        }
        return { sort: at >= 0 ? s.sort.map((x) => (x.key === key ? next : x)) : [...rest, next] };
      }),
    [update]
  );
  const moveColumn = useCallback(
    (key: string, to: number) => {
      const vis = visible.map((c) => c.key).filter((k) => k !== key);
      vis.splice(Math.max(0, Math.min(vis.length, to)), 0, key);
      update({ order: [...vis, ...order.filter((k) => hidden.has(k))] });
    },
    [visible, order, hidden, update]
  );
  const setFilter = useCallback(
    (key: string, f: ColumnFilter | undefined) =>
      update((s) => {
        const others = s.filters.filter((x) => x.key !== key);
        return { filters: f ? [...others, f] : others };
      }),
    [update]
  );
  const addValueFilter = (key: string, value: string, negate: boolean) =>
    update((s) => {
      const existing = s.filters.find((x) => x.key === key && x.kind === 'values' && !!x.negate === negate);
      const values = existing ? [...new Set([...(existing.values ?? []), value])] : [value];
      const others = s.filters.filter((x) => x !== existing);
      return { filters: [...others, { key, kind: 'values', values, ...(negate ? { negate } : {}) }] };
    });
  const toggleExpand = useCallback(
    (r: number) => update((s) => ({ expanded: s.expanded === rowKey(r) ? undefined : rowKey(r) })),
    [update, rowKey]
  );
  const shownCount = useLatest(() => (rowsAreShown ? result.rows.length : result.matchCount));
  const onDownload = useLatest((format: Delimited) => {
    const text = toDelimited(format, visible, shownRows());
    download(text, format, frame.name || frame.refId || 'tickets');
  });

  // A drag sends many widths: the URL gets the last one, replacing its entry as typing does.
  const onResize = useCallback(
    (key: string, w: number) =>
      update((s) => ({ widths: { ...s.widths, [key]: Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, w)) } }), {
        continuous: true,
      }),
    [update]
  );
  const onCellMenu = useCallback(
    (column: Column, row: number, x: number, y: number) => setCellMenu({ column, row, x, y }),
    []
  );
  const filteredKeys = useMemo(() => new Set(view.filters.map((f) => f.key)), [view.filters]);
  const columnOf = useCallback((k: string) => index.column(k), [index]);
  const nameOf = useCallback((k: string) => index.column(k)?.name ?? k, [index]);
  const onToggleHide = useCallback(
    () => update((s) => ({ hideNonMatching: !(s.hideNonMatching ?? options.hideNonMatching ?? false) })),
    [update, options.hideNonMatching]
  );
  const onColumnsChange = useCallback((o: string[], h: string[]) => update({ order: o, hidden: h }), [update]);
  const onColumnsReset = useCallback(() => {
    update({ order: undefined, hidden: undefined, widths: undefined });
  }, [update]);
  const onRemoveFilter = useCallback(
    (i: number) => update((s) => ({ filters: s.filters.filter((_, j) => j !== i) })),
    [update]
  );
  const onClearFilters = useCallback(() => update({ filters: [] }), [update]);

  // Stable while typing, so the memoized header does not render again on every keystroke.
  const renderFilterButton = useCallback(
    (column: Column) => (
      <ColumnFilterButton
        column={column}
        index={index}
        filters={filterOpen === column.key ? view.filters : NO_FILTERS}
        active={filteredKeys.has(column.key)}
        open={filterOpen === column.key}
        styles={styles}
        onOpen={setFilterOpen}
        onApply={setFilter}
      />
    ),
    [filteredKeys, filterOpen, index, view.filters, styles, setFilter]
  );

  const countText = searching
    ? `${result.matchCount.toLocaleString()} of ${result.filteredCount.toLocaleString()} match`
    : result.filteredCount === index.length
      ? `${index.length.toLocaleString()} rows`
      : `${result.filteredCount.toLocaleString()} of ${index.length.toLocaleString()} rows`;

  const rowHeight = Math.max(20, Math.min(64, options.rowHeight ?? 28));
  const detailsHeight = Math.max(140, Math.min(360, Math.round(height * 0.55)));

  return (
    <div
      ref={rootRef}
      className={styles.root}
      style={{ width, height }}
      data-testid="spacetime-ticket-table"
      aria-label={`Tickets: ${index.length} rows`}
      onMouseEnter={() => (hovered.current = true)}
      onMouseLeave={() => (hovered.current = false)}
    >
      <div className={styles.toolbar} role="toolbar" aria-label="Table tools">
        <div className={styles.search}>
          <Input
            ref={searchRef}
            type="search"
            value={view.search}
            placeholder='Search: words, "a phrase", field:value  (press /)'
            aria-label="Search rows"
            prefix={searchIcon}
            suffix={
              <span className={styles.count} aria-live="polite" data-testid="spacetime-count">
                {countText}
              </span>
            }
            onChange={(e) => update({ search: e.currentTarget.value }, { continuous: true })}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && view.search) {
                update({ search: '' });
              }
            }}
          />
        </div>
        <TableTools
          hideNonMatching={hideNonMatching}
          error={result.error}
          order={order}
          hidden={hidden}
          columnsOpen={columnsOpen}
          styles={styles}
          nameOf={nameOf}
          shownCount={shownCount}
          onToggleHide={onToggleHide}
          onColumnsOpen={setColumnsOpen}
          onColumnsChange={onColumnsChange}
          onColumnsReset={onColumnsReset}
          onDownload={onDownload}
        />
      </div>
      <FilterBar
        filters={view.filters}
        nameOf={nameOf}
        styles={styles}
        onEdit={setFilterOpen}
        onRemove={onRemoveFilter}
        onClear={onClearFilters}
      />
      <Grid
        columns={visible}
        widths={widths}
        rows={result.rows}
        matches={result.matches}
        searching={searching}
        terms={result.terms}
        columnOf={columnOf}
        sort={view.sort}
        rowHeight={rowHeight}
        width={width}
        height={height}
        showHeader={options.showHeader !== false}
        expandedRow={expandedRow}
        detailsHeight={detailsHeight}
        styles={styles}
        theme={theme}
        ariaLabel={`${frame.name || 'Tickets'}: ${countText}`}
        onSort={onSort}
        onResize={onResize}
        onMoveColumn={moveColumn}
        onToggleExpand={toggleExpand}
        onCellMenu={onCellMenu}
        onOpenFilter={setFilterOpen}
        renderFilterButton={renderFilterButton}
        renderDetails={(r) => (
          <RowDetails
            index={index}
            row={r}
            styles={styles}
            theme={theme}
            onClose={() => update({ expanded: undefined })}
          />
        )}
        empty={
          index.length === 0 ? (
            <span>The query returned no rows.</span>
          ) : (
            <span>
              No rows match{view.filters.length ? ' the filters' : ''}
              {searching && hideNonMatching ? ' the search' : ''}.{' '}
              <Button size="sm" variant="secondary" fill="text" onClick={() => update({ filters: [], search: '' })}>
                Clear filters and search
              </Button>
            </span>
          )
        }
      />
      {cellMenu && (
        <CellMenuView
          menu={cellMenu}
          theme={theme}
          onClose={() => setCellMenu(undefined)}
          onAdHoc={panelContext.onAddAdHocFilter}
          onLocal={(value, negate) => addValueFilter(cellMenu.column.key, value, negate)}
          onDetails={() => toggleExpand(cellMenu.row)}
        />
      )}
    </div>
  );
}

const searchIcon = <Icon name="search" />;
const NO_FILTERS: ColumnFilter[] = [];
const NO_WIDTHS: Record<string, number> = {};

/** A stable function that always calls the latest `fn` (for memoized children that call it only on demand). */
function useLatest<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
