import React, { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { FindControls } from './FindControls';
import { Grid, type GridHandle } from './Grid';
import { RowDetails, titleColumn } from './RowDetails';
import { SearchStatus } from './SearchStatus';
import { TableTools } from './TableTools';
import { chooseCurrent, indexOfPosition, matchPositions, step } from './findMatches';
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
  const switchId = `spacetime-hide-${useId()}`;
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
  /** The frame row a key (from rowKey, kept in the URL) names, or -1. */
  const rowOfKey = useCallback(
    (key: string | undefined) => {
      if (key === undefined) {
        return -1;
      }
      if (!idColumn) {
        const r = Number(key);
        return Number.isInteger(r) && r >= 0 && r < index.length ? r : -1;
      }
      return idColumn.text().indexOf(key);
    },
    [idColumn, index]
  );
  const expandedRow = useMemo(() => rowOfKey(view.expanded), [view.expanded, rowOfKey]);

  // Find: the matches among the shown rows, the current one (kept in the URL by its key), next and previous.
  const gridRef = useRef<GridHandle>(null);
  const positions = useMemo(
    () => (searching ? matchPositions(result.rows, result.matches, hideNonMatching) : NO_POSITIONS),
    [searching, result, hideNonMatching]
  );
  const matchRow = useMemo(() => rowOfKey(view.match), [view.match, rowOfKey]);
  // Index in positions of the current match, or -1.
  const current = useMemo(
    () =>
      matchRow >= 0 && result.matches[matchRow] === 1 && positions.length
        ? indexOfPosition(positions, result.rows.indexOf(matchRow))
        : -1,
    [matchRow, result, positions]
  );
  const currentMatch = current >= 0 ? positions[current] : -1;
  // The search the current match was last chosen for; undefined until a search is shown.
  const chosenFor = useRef<string>();
  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (!searching || !grid) {
      chosenFor.current = undefined;
      return;
    }
    const opening = chosenFor.current === undefined;
    const searchChanged = chosenFor.current !== view.search;
    chosenFor.current = view.search;
    if (opening && current >= 0) {
      grid.reveal(positions[current]); // a link opens on its match
      return;
    }
    const [first, last] = grid.rowsInView();
    const choice = chooseCurrent(positions, current, searchChanged, first, last);
    if (!choice) {
      return;
    }
    if (choice.reveal) {
      grid.reveal(positions[choice.index]);
    }
    const key = rowKey(result.rows[positions[choice.index]]);
    if (key !== view.match) {
      update({ match: key }, { continuous: true });
    }
  }, [searching, positions, current, view.search, view.match, result.rows, rowKey, update]);
  // The last step with next/previous, for the announcement; a new search text forgets it.
  const [stepped, setStepped] = useState<{ seq: number; wrapped: 1 | -1 | 0 }>();
  const goToMatch = useLatest((dir: 1 | -1) => {
    const grid = gridRef.current;
    const s = step(positions, current, dir, grid ? grid.rowsInView()[0] : 0);
    if (!s) {
      return;
    }
    const pos = positions[s.index];
    grid?.reveal(pos);
    setStepped((prev) => ({ seq: (prev?.seq ?? 0) + 1, wrapped: s.wrapped ? dir : 0 }));
    update({ match: rowKey(result.rows[pos]) }, { continuous: true });
  });
  const onFindNext = useCallback(() => goToMatch(1), [goToMatch]);
  const onFindPrevious = useCallback(() => goToMatch(-1), [goToMatch]);
  const nameColumns = useMemo(() => {
    const named = [index.column('id'), titleColumn(index)].filter((c): c is Column => !!c);
    return named.length ? named : index.columns.slice(0, 2);
  }, [index]);

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
  // The cell a menu was opened from gets the focus back when the menu closes (keyboard users go on from there).
  const menuOpener = useRef<HTMLElement | null>(null);
  const onCellMenu = useCallback((column: Column, row: number, x: number, y: number) => {
    menuOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setCellMenu({ column, row, x, y });
  }, []);
  const onCellMenuClose = useCallback(() => {
    setCellMenu(undefined);
    const opener = menuOpener.current;
    menuOpener.current = null;
    // Now, while the menu still holds the focus: once it is gone the focus would be on the page's body.
    if (opener?.isConnected) {
      opener.focus({ preventScroll: true });
    }
  }, []);
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

  const matchCount = positions.length;
  const matchesOfRows = `${matchCount.toLocaleString()} of ${result.filteredCount.toLocaleString()} rows match`;
  const countText = searching
    ? matchCount === 0
      ? 'No matches'
      : current >= 0
        ? `${(current + 1).toLocaleString()} of ${matchCount.toLocaleString()} ${matchCount === 1 ? 'match' : 'matches'}`
        : `${matchCount.toLocaleString()} ${matchCount === 1 ? 'match' : 'matches'}`
    : result.filteredCount === index.length
      ? `${index.length.toLocaleString()} rows`
      : `${result.filteredCount.toLocaleString()} of ${index.length.toLocaleString()} rows`;

  // What a screen reader hears (SearchStatus waits for the typing to pause): the count, then the current match.
  const currentName = current >= 0 ? nameColumns.map((c) => shownText(c, result.rows[currentMatch])).join(' ') : '';
  const announcement = !searching
    ? ''
    : matchCount === 0
      ? `No matches in ${result.filteredCount.toLocaleString()} rows`
      : current < 0
        ? `${matchesOfRows}.`
        : stepped
          ? `Match ${current + 1} of ${matchCount}${stepped.wrapped === 1 ? ', from the top' : stepped.wrapped === -1 ? ', from the bottom' : ''}: ${currentName}`
          : `${matchesOfRows}. Match ${current + 1}: ${currentName}`;

  const rowHeight = Math.max(20, Math.min(64, options.rowHeight ?? 28));
  const detailsHeight = Math.max(140, Math.min(360, Math.round(height * 0.55)));

  return (
    <div
      ref={rootRef}
      className={styles.root}
      style={{ width, height }}
      data-testid="spacetime-ticket-table"
      role="group"
      aria-label={`Tickets: ${index.length} rows`}
      onMouseEnter={() => (hovered.current = true)}
      onMouseLeave={() => (hovered.current = false)}
      onKeyDown={(e) => {
        // F3 / Shift+F3 anywhere in the panel, as in an editor's find (the browser's own find otherwise).
        if (e.key === 'F3' && searching) {
          e.preventDefault();
          goToMatch(e.shiftKey ? -1 : 1);
        }
      }}
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
              <FindControls
                countText={countText}
                title={searching ? matchesOfRows : undefined}
                searching={searching}
                canStep={matchCount > 0}
                styles={styles}
                onNext={onFindNext}
                onPrevious={onFindPrevious}
              />
            }
            aria-description="Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous one"
            onChange={(e) => {
              const search = e.currentTarget.value;
              setStepped(undefined);
              update(search === '' ? { search, match: undefined } : { search }, { continuous: true });
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && view.search) {
                setStepped(undefined);
                update({ search: '', match: undefined });
              } else if (e.key === 'Enter' && searching) {
                e.preventDefault();
                goToMatch(e.shiftKey ? -1 : 1);
              }
            }}
          />
        </div>
        <TableTools
          hideNonMatching={hideNonMatching}
          switchId={switchId}
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
      <SearchStatus message={announcement} seq={stepped?.seq ?? 0} styles={styles} />
      <Grid
        ref={gridRef}
        columns={visible}
        widths={widths}
        rows={result.rows}
        matches={result.matches}
        searching={searching}
        terms={result.terms}
        matchPositions={positions}
        currentMatch={currentMatch}
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
        ariaLabel={`${frame.name || 'Tickets'}: ${searching ? matchesOfRows : countText}`}
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
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                onClick={() => update({ filters: [], search: '', match: undefined })}
              >
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
          onClose={onCellMenuClose}
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
const NO_POSITIONS = new Int32Array(0);
const NO_WIDTHS: Record<string, number> = {};

/** A stable function that always calls the latest `fn` (for memoized children that call it only on demand). */
function useLatest<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
