import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import {
  type AdHocFilterItem,
  Button,
  ContextMenu,
  Dropdown,
  Icon,
  IconButton,
  InlineSwitch,
  Input,
  Menu,
  Toggletip,
  Checkbox,
  usePanelContext,
  useStyles2,
  useTheme2,
} from '@grafana/ui';

import { type Column, FrameIndex } from '../engine/columns';
import { Evaluator, evaluate } from '../engine/evaluate';
import { type SortBy, sortRows } from '../engine/sort';
import { type Delimited, download, shownText, toDelimited } from '../export/delimited';
import { type ColumnFilter, columnFiltersToNode, describeColumnFilter } from '../state/columnFilters';
import { useViewState } from '../state/useViewState';
import { type ViewState } from '../state/viewState';
import { type TicketTableOptions } from '../types';
import { Grid } from './Grid';
import { ColumnFilterEditor } from './ColumnFilterEditor';
import { RowDetails } from './RowDetails';
import { EXPANDER_WIDTH, type Styles, getStyles } from './styles';

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

interface CellMenu {
  column: Column;
  row: number;
  x: number;
  y: number;
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
  const [userWidths, setUserWidths] = useState<Record<string, number>>({});
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
  // The rows shown (grayed non-matches excluded), built only when downloading.
  const shownRows = () =>
    !searching || hideNonMatching ? result.rows : result.rows.filter((r) => result.matches[r] === 1);
  const shownCount = !searching || hideNonMatching ? result.rows.length : result.matchCount;

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

  // Build the search texts while the viewer reads, so the first keystroke does not pay for them.
  useEffect(() => {
    let handle = 0;
    const step = () => {
      if (!index.buildSearchTexts(10_000)) {
        handle = window.setTimeout(step, 0);
      }
    };
    handle = window.setTimeout(step, 200);
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
  const onDownload = (format: Delimited) => {
    const text = toDelimited(format, visible, shownRows());
    download(text, format, frame.name || frame.refId || 'tickets');
  };

  const onResize = useCallback((key: string, w: number) => setUserWidths((u) => ({ ...u, [key]: w })), []);
  const onCellMenu = useCallback(
    (column: Column, row: number, x: number, y: number) => setCellMenu({ column, row, x, y }),
    []
  );
  const filteredKeys = useMemo(() => new Set(view.filters.map((f) => f.key)), [view.filters]);
  const columnByKey = (k: string) => index.column(k);

  // Stable while typing, so the memoized header does not render again on every keystroke.
  const renderFilterButton = useCallback(
    (column: Column) => {
      const active = filteredKeys.has(column.key);
      const open = filterOpen === column.key;
      return (
        <Toggletip
          show={open}
          onOpen={() => setFilterOpen(column.key)}
          onClose={() => setFilterOpen(undefined)}
          closeButton={false}
          placement="bottom-start"
          title={`Filter ${column.name}`}
          content={
            open ? (
              <FilterEditorHost
                column={column}
                index={index}
                filters={view.filters}
                styles={styles}
                onApply={(f) => {
                  setFilter(column.key, f);
                  setFilterOpen(undefined);
                }}
                onCancel={() => setFilterOpen(undefined)}
              />
            ) : (
              <></>
            )
          }
        >
          <IconButton
            name="filter"
            size="sm"
            tabIndex={-1}
            className={active ? styles.filterActive : undefined}
            aria-label={`Filter ${column.name}${active ? ' (active)' : ''}`}
            aria-pressed={active}
            data-filter-button={active || open ? 'active' : 'idle'}
            tooltip={`Filter ${column.name}`}
          />
        </Toggletip>
      );
    },
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
            prefix={<Icon name="search" />}
            suffix={
              <span className={styles.count} aria-live="polite" data-testid="spacetime-count">
                {countText}
              </span>
            }
            onChange={(e) => update({ search: e.currentTarget.value }, { typing: true })}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && view.search) {
                update({ search: '' });
              }
            }}
          />
        </div>
        <InlineSwitch
          label="Hide non-matching"
          showLabel
          transparent
          value={hideNonMatching}
          onChange={() => update({ hideNonMatching: !hideNonMatching })}
          aria-label="Hide rows that do not match the search"
        />
        <span className={styles.spacer} />
        {result.error && (
          <span className={styles.error} role="alert">
            <Icon name="exclamation-triangle" /> Filter ignored: {result.error}
          </span>
        )}
        <Toggletip
          show={columnsOpen}
          onOpen={() => setColumnsOpen(true)}
          onClose={() => setColumnsOpen(false)}
          closeButton={false}
          placement="bottom-end"
          title="Columns"
          content={
            <ColumnsMenu
              order={order}
              hidden={hidden}
              nameOf={(k) => columnByKey(k)?.name ?? k}
              styles={styles}
              onChange={(o, h) => update({ order: o, hidden: h })}
              onReset={() => {
                update({ order: undefined, hidden: undefined });
                setUserWidths({});
              }}
            />
          }
        >
          <Button size="sm" variant="secondary" fill="outline" icon="columns" aria-label="Columns">
            Columns
          </Button>
        </Toggletip>
        <Dropdown
          overlay={
            <Menu>
              <Menu.Item
                label={`CSV (${shownCount.toLocaleString()} rows)`}
                icon="file-alt"
                onClick={() => onDownload('csv')}
              />
              <Menu.Item
                label={`TSV (${shownCount.toLocaleString()} rows)`}
                icon="file-alt"
                onClick={() => onDownload('tsv')}
              />
            </Menu>
          }
        >
          <Button size="sm" variant="secondary" fill="outline" icon="download-alt" aria-label="Download shown rows">
            Download
          </Button>
        </Dropdown>
      </div>
      {view.filters.length > 0 && (
        <div className={styles.filterBar} role="list" aria-label="Active filters">
          {view.filters.map((f, i) => {
            const label = describeColumnFilter(f, columnByKey(f.key)?.name ?? f.key);
            return (
              <span key={i} className={styles.pill} role="listitem" title={label}>
                <button
                  type="button"
                  className={`${styles.headerName} ${styles.pillText}`}
                  onClick={() => setFilterOpen(f.key)}
                  aria-label={`Edit filter: ${label}`}
                >
                  {label}
                </button>
                <IconButton
                  name="times"
                  size="sm"
                  aria-label={`Remove filter: ${label}`}
                  onClick={() => update((s) => ({ filters: s.filters.filter((_, j) => j !== i) }))}
                />
              </span>
            );
          })}
          <Button size="sm" variant="secondary" fill="text" onClick={() => update({ filters: [] })}>
            Clear all
          </Button>
        </div>
      )}
      <Grid
        columns={visible}
        widths={widths}
        rows={result.rows}
        matches={result.matches}
        searching={searching}
        terms={result.terms}
        sort={view.sort}
        filteredKeys={filteredKeys}
        rowHeight={rowHeight}
        width={width}
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
            terms={result.terms}
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
          onLocal={(negate) => addValueFilter(cellMenu.column.key, cellMenu.column.text()[cellMenu.row], negate)}
          onDetails={() => toggleExpand(cellMenu.row)}
        />
      )}
    </div>
  );
}

function FilterEditorHost({
  column,
  index,
  filters,
  styles,
  onApply,
  onCancel,
}: {
  column: Column;
  index: FrameIndex;
  filters: ColumnFilter[];
  styles: Styles;
  onApply: (f: ColumnFilter | undefined) => void;
  onCancel: () => void;
}) {
  // Value counts over the rows the other columns' filters keep (faceted).
  const rows = useMemo(() => {
    const others = columnFiltersToNode(filters.filter((f) => f.key !== column.key));
    const all = new Int32Array(index.length).map((_, i) => i);
    return evaluate({ index, order: all, filter: others, search: '', hideNonMatching: false }).rows;
  }, [filters, column, index]);
  return (
    <ColumnFilterEditor
      column={column}
      index={index}
      rows={rows}
      existing={filters.find((f) => f.key === column.key)}
      styles={styles}
      onApply={onApply}
      onCancel={onCancel}
    />
  );
}

function ColumnsMenu({
  order,
  hidden,
  nameOf,
  styles,
  onChange,
  onReset,
}: {
  order: string[];
  hidden: Set<string>;
  nameOf: (k: string) => string;
  styles: Styles;
  onChange: (order: string[], hidden: string[]) => void;
  onReset: () => void;
}) {
  // Moves past the neighbouring shown column (hidden ones in between keep their places relative to it).
  const neighbour = (i: number, d: number) => {
    for (let j = i + d; j >= 0 && j < order.length; j += d) {
      if (!hidden.has(order[j])) {
        return j;
      }
    }
    return -1;
  };
  const move = (i: number, d: number) => {
    const j = neighbour(i, d);
    if (j < 0) {
      return;
    }
    const next = [...order];
    const [k] = next.splice(i, 1);
    next.splice(j, 0, k);
    onChange(next, [...hidden]);
  };
  return (
    <div className={styles.columnsList} role="list" aria-label="Columns">
      {order.map((k, i) => (
        <div key={k} className={styles.columnsRow} role="listitem">
          <Checkbox
            label={nameOf(k)}
            value={!hidden.has(k)}
            onChange={() => {
              const h = new Set(hidden);
              if (h.has(k)) {
                h.delete(k);
              } else {
                h.add(k);
              }
              onChange(order, [...h]);
            }}
          />
          <IconButton
            name="arrow-up"
            size="sm"
            aria-label={`Move ${nameOf(k)} up`}
            disabled={neighbour(i, -1) < 0}
            onClick={() => move(i, -1)}
          />
          <IconButton
            name="arrow-down"
            size="sm"
            aria-label={`Move ${nameOf(k)} down`}
            disabled={neighbour(i, 1) < 0}
            onClick={() => move(i, 1)}
          />
        </div>
      ))}
      <Button size="sm" variant="secondary" icon="history" onClick={onReset}>
        Reset to panel defaults
      </Button>
    </div>
  );
}

function CellMenuView({
  menu,
  theme,
  onClose,
  onAdHoc,
  onLocal,
  onDetails,
}: {
  menu: CellMenu;
  theme: GrafanaTheme2;
  onClose: () => void;
  onAdHoc?: (f: AdHocFilterItem) => void;
  onLocal: (negate: boolean) => void;
  onDetails: () => void;
}) {
  const { column, row } = menu;
  const value = column.text()[row];
  const shown = value === '' ? '(empty)' : value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const run = (f: () => void) => () => {
    f();
    onClose();
  };
  return (
    <ContextMenu
      x={menu.x}
      y={menu.y}
      onClose={onClose}
      focusOnOpen
      renderHeader={() => (
        <div style={{ padding: theme.spacing(0.5, 1), color: theme.colors.text.secondary }}>
          {column.name}: {shown}
        </div>
      )}
      renderMenuItems={() => (
        <>
          {onAdHoc && (
            <>
              <Menu.Item
                label="Filter for value (dashboard)"
                icon="search-plus"
                onClick={run(() => onAdHoc({ key: column.key, value, operator: '=' }))}
              />
              <Menu.Item
                label="Filter out value (dashboard)"
                icon="search-minus"
                onClick={run(() => onAdHoc({ key: column.key, value, operator: '!=' }))}
              />
              <Menu.Divider />
            </>
          )}
          <Menu.Item label="Show only this value" icon="filter" onClick={run(() => onLocal(false))} />
          <Menu.Item label="Hide this value" icon="eye-slash" onClick={run(() => onLocal(true))} />
          <Menu.Item label="Show row details" icon="info-circle" onClick={run(onDetails)} />
          <Menu.Item
            label="Copy value"
            icon="copy"
            onClick={run(() => void navigator.clipboard?.writeText(shownText(column, row)))}
          />
        </>
      )}
    />
  );
}
