// The virtualized grid. Own code rather than @grafana/ui's Table: that Table cannot gray out rows, highlight
// search matches inside cells, expand a row into details, or let the viewer reorder columns.
import React, {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type GrafanaTheme2 } from '@grafana/data';
import { Icon } from '@grafana/ui';
import { cx } from '@emotion/css';

import { type Column } from '../engine/columns';
import { type SearchTerm } from '../engine/search';
import { type SortBy } from '../engine/sort';
import { CellContent, cachedShownText } from './CellContent';
import { MatchTicks } from './MatchTicks';
import { SearchHighlighter } from './searchHighlights';
import { EXPANDER_WIDTH, HEADER_HEIGHT, type Styles } from './styles';

const OVERSCAN = 4;

export interface GridProps {
  columns: Column[];
  widths: Record<string, number>;
  rows: Int32Array;
  matches: Uint8Array;
  searching: boolean;
  terms: SearchTerm[];
  /** Display rows of the search matches, ascending (empty without a search). */
  matchPositions: Int32Array;
  /** Display row of the current match, or -1. */
  currentMatch: number;
  /** Any column of the frame by key (row details show hidden ones too). */
  columnOf: (key: string) => Column | undefined;
  sort: SortBy[];
  rowHeight: number;
  width: number;
  /** The panel's height: the grid is never taller. */
  height: number;
  showHeader: boolean;
  /** Frame row index of the expanded row, or -1. */
  expandedRow: number;
  detailsHeight: number;
  styles: Styles;
  theme: GrafanaTheme2;
  ariaLabel: string;
  onSort: (key: string, multi: boolean) => void;
  onResize: (key: string, width: number) => void;
  onMoveColumn: (key: string, to: number) => void;
  onToggleExpand: (row: number) => void;
  onCellMenu: (column: Column, row: number, x: number, y: number) => void;
  onOpenFilter: (key: string) => void;
  renderFilterButton: (column: Column) => React.ReactNode;
  renderDetails: (row: number) => React.ReactNode;
  empty: React.ReactNode;
}

interface Active {
  r: number; // display row, -1 = header
  c: number; // 0 = expander, 1.. = columns
}

/** What the table asks of the grid to go to a match. */
export interface GridHandle {
  /** The display rows wholly in view, [first, last] (last < first when none is). */
  rowsInView(): [number, number];
  /** Scrolls display row `i` into view (to the middle when it was out of view) and moves the grid's tab stop to it. */
  reveal(i: number): void;
}

interface Viewport {
  /** The scroller's inner height. */
  height: number;
  /** The width of its vertical scrollbar (0 with overlay scrollbars or without one). */
  scrollbar: number;
}

export const Grid = forwardRef<GridHandle, GridProps>(function Grid(props, ref) {
  const {
    columns,
    widths,
    rows,
    matches,
    searching,
    terms,
    sort,
    rowHeight,
    expandedRow,
    detailsHeight,
    styles,
    theme,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // The panel's height bounds the grid's: rows for all of it are rendered, so a toolbar or filter bar that changes
  // the grid's height needs no measuring and no second render.
  const viewport = props.height;
  // The scroller's measured size: where a match must be to be in view, and the scrollbar the match ticks go on.
  const [measured, setMeasured] = useState<Viewport>({ height: 0, scrollbar: 0 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      return;
    }
    const measure = () => {
      const borders = el.offsetWidth - el.clientWidth;
      const next = { height: el.clientHeight, scrollbar: Math.max(0, borders - (el.clientLeft || 0) * 2) };
      setMeasured((m) => (m.height === next.height && m.scrollbar === next.scrollbar ? m : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const innerHeight = measured.height || viewport;
  const [rawActive, setActive] = useState<Active>({ r: props.showHeader ? -1 : 0, c: 1 });
  const focusPending = useRef(false);
  const headerH = props.showHeader ? HEADER_HEIGHT : 0;
  const n = rows.length;

  const expandedAt = useMemo(() => {
    if (expandedRow < 0) {
      return -1;
    }
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === expandedRow) {
        return i;
      }
    }
    return -1;
  }, [rows, expandedRow]);
  const extra = expandedAt >= 0 ? detailsHeight : 0;
  const rowTop = useCallback(
    (i: number) => i * rowHeight + (expandedAt >= 0 && i > expandedAt ? extra : 0),
    [rowHeight, expandedAt, extra]
  );
  const rowAt = useCallback(
    (y: number) => {
      if (expandedAt < 0 || y < (expandedAt + 1) * rowHeight) {
        return Math.floor(y / rowHeight);
      }
      const after = y - (expandedAt + 1) * rowHeight - extra;
      return after < 0 ? expandedAt : expandedAt + 1 + Math.floor(after / rowHeight);
    },
    [rowHeight, expandedAt, extra]
  );

  const contentWidth = EXPANDER_WIDTH + columns.reduce((s, c) => s + (widths[c.key] ?? 120), 0);
  // One grid template per row instead of a width on every cell: cells without inline styles share computed styles.
  const template = useMemo(
    () => [EXPANDER_WIDTH, ...columns.map((c) => widths[c.key] ?? 120)].map((w) => `${w}px`).join(' '),
    [columns, widths]
  );
  const totalHeight = headerH + n * rowHeight + extra;

  // After every render (a keystroke, a scroll): highlight the terms in the cells and details now on screen.
  const [highlighter] = useState(() => new SearchHighlighter());
  const columnOf = props.columnOf;
  const currentRow = props.currentMatch >= 0 ? rows[props.currentMatch] : -1;
  useLayoutEffect(() => highlighter.update(scrollRef.current, searching ? terms : [], columnOf, currentRow));
  useEffect(() => () => highlighter.clear(), [highlighter]);

  // Keep the scroll position valid when rows shrink (filtering); from state, as reading the element's would force a
  // layout before the new rows are painted.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && scrollTop > totalHeight) {
      el.scrollTop = 0; // the scroll event updates scrollTop
    }
  }, [scrollTop, totalHeight]);

  const colCount = columns.length + 1;
  const clamp = (a: Active): Active => ({
    r: Math.max(props.showHeader ? -1 : 0, Math.min(n - 1, a.r)),
    c: Math.max(0, Math.min(colCount - 1, a.c)),
  });
  // Rows change under the active cell (filtering): keep it inside the grid.
  const active = clamp(rawActive);

  const first = Math.max(0, rowAt(Math.max(0, scrollTop - headerH)) - OVERSCAN);
  const last = Math.min(n - 1, rowAt(Math.max(0, scrollTop - headerH + viewport)) + OVERSCAN);
  const shown: number[] = [];
  for (let i = first; i <= last; i++) {
    shown.push(i);
  }
  // The focused row stays rendered so keyboard focus survives scrolling.
  if (active.r >= 0 && active.r < n && (active.r < first || active.r > last)) {
    shown.push(active.r);
  }

  const scrollIntoView = (r: number) => {
    const el = scrollRef.current;
    if (!el || r < 0) {
      return;
    }
    const top = rowTop(r);
    const bottom = top + rowHeight + (r === expandedAt ? extra : 0);
    const viewTop = el.scrollTop;
    const viewBottom = el.scrollTop + el.clientHeight - headerH;
    if (top < viewTop) {
      el.scrollTop = top;
    } else if (top + rowHeight > viewBottom) {
      el.scrollTop = Math.min(top, bottom - (el.clientHeight - headerH));
    }
    setScrollTop(el.scrollTop);
  };

  const moveTo = (a: Active) => {
    const next = clamp(a);
    setActive(next);
    scrollIntoView(next.r);
    focusPending.current = true;
  };

  // After a keyboard move has rendered the target cell, focus it.
  useEffect(() => {
    if (!focusPending.current) {
      return;
    }
    focusPending.current = false;
    const grid = scrollRef.current;
    const el = grid?.querySelector<HTMLElement>(`[data-r="${active.r}"][data-c="${active.c}"]`);
    if (!grid || !el) {
      return;
    }
    el.focus({ preventScroll: true });
    // Rows are scrolled into view by moveTo; columns here, from the cell's place in its row.
    const left = el.offsetLeft;
    const right = left + el.offsetWidth;
    if (left < grid.scrollLeft) {
      grid.scrollLeft = left;
    } else if (right > grid.scrollLeft + grid.clientWidth) {
      grid.scrollLeft = right - grid.clientWidth;
    }
  });

  useImperativeHandle(ref, () => ({
    rowsInView: () => {
      // From the last scroll event and the measured height: no layout is forced while a keystroke renders.
      const visible = innerHeight - headerH;
      const top = Math.max(0, Math.min(scrollTop, totalHeight - innerHeight));
      let f = rowAt(top);
      if (rowTop(f) < top) {
        f++;
      }
      let l = rowAt(top + visible - 1);
      if (rowTop(l) + rowHeight > top + visible) {
        l--;
      }
      return [Math.max(0, f), Math.min(n - 1, l)];
    },
    reveal: (i: number) => {
      const el = scrollRef.current;
      if (!el || i < 0 || i >= n) {
        return;
      }
      // From state, writing only: reading the element's scrollTop would force a layout of the rows just rendered.
      const visible = innerHeight - headerH;
      const top = rowTop(i);
      const current = Math.max(0, Math.min(scrollTop, totalHeight - innerHeight));
      if (top < current || top + rowHeight > current + visible) {
        const next = Math.max(0, Math.min(totalHeight - innerHeight, Math.round(top - (visible - rowHeight) / 2)));
        el.scrollTop = next;
        setScrollTop(next);
      }
      setActive((a) => (a.r === i && a.c >= 1 ? a : { r: i, c: Math.max(1, a.c) }));
    },
  }));

  const onKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!target.matches('[data-r]')) {
      return; // keys inside a popover or input
    }
    const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? viewport) - headerH) / rowHeight) - 1);
    const column = columns[active.c - 1];
    switch (e.key) {
      case 'ArrowDown':
        moveTo({ ...active, r: active.r + 1 });
        break;
      case 'ArrowUp':
        moveTo({ ...active, r: active.r - 1 });
        break;
      case 'ArrowRight':
        if (e.altKey && active.r === -1 && column) {
          props.onMoveColumn(column.key, active.c);
          moveTo({ ...active, c: active.c + 1 });
        } else {
          moveTo({ ...active, c: active.c + 1 });
        }
        break;
      case 'ArrowLeft':
        if (e.altKey && active.r === -1 && column && active.c > 1) {
          props.onMoveColumn(column.key, active.c - 2);
          moveTo({ ...active, c: active.c - 1 });
        } else {
          moveTo({ ...active, c: active.c - 1 });
        }
        break;
      case 'Home':
        moveTo(e.ctrlKey ? { r: 0, c: 0 } : { ...active, c: 0 });
        break;
      case 'End':
        moveTo(e.ctrlKey ? { r: n - 1, c: colCount - 1 } : { ...active, c: colCount - 1 });
        break;
      case 'PageDown':
        moveTo({ ...active, r: active.r + pageRows });
        break;
      case 'PageUp':
        moveTo({ ...active, r: Math.max(0, active.r - pageRows) });
        break;
      case 'Enter':
      case ' ': {
        if (active.r === -1) {
          if (column && e.key === 'Enter') {
            props.onSort(column.key, e.shiftKey);
          }
        } else if (active.c === 0 || e.key === ' ') {
          props.onToggleExpand(rows[active.r]);
        } else if (column) {
          const rect = target.getBoundingClientRect();
          props.onCellMenu(column, rows[active.r], rect.left + 8, rect.bottom);
        }
        break;
      }
      default:
        if (active.r === -1 && column && (e.key === 'F' || (e.altKey && e.key === 'ArrowDown'))) {
          props.onOpenFilter(column.key);
          break;
        }
        return;
    }
    e.preventDefault();
  };

  const onFocus = (e: React.FocusEvent) => {
    // Grafana's Toggletip makes each header's filter button a tab stop: tabbing through them leaves the grid's own
    // tab stop (the current match, say) where it is.
    if ((e.target as HTMLElement).matches('[data-filter-button]')) {
      return;
    }
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-r]');
    if (el) {
      const r = Number(el.dataset.r);
      const c = Number(el.dataset.c);
      if (r !== active.r || c !== active.c) {
        setActive({ r, c });
      }
    }
  };

  // The details row is a row of its own: rows below it count one more.
  const rowIndexOf = (i: number) => i + (props.showHeader ? 2 : 1) + (expandedAt >= 0 && i > expandedAt ? 1 : 0);

  return (
    <div className={styles.gridWrap}>
      <div
        ref={scrollRef}
        className={styles.grid}
        role="grid"
        aria-label={props.ariaLabel}
        aria-rowcount={n + (props.showHeader ? 1 : 0) + (expandedAt >= 0 ? 1 : 0)}
        aria-colcount={colCount}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        data-testid="spacetime-grid"
      >
        <div
          style={{ position: 'relative', width: contentWidth, minWidth: '100%', height: totalHeight }}
          role="presentation"
        >
          {props.showHeader && (
            <GridHeader
              columns={columns}
              widths={widths}
              width={contentWidth}
              sort={sort}
              activeC={active.r === -1 ? active.c : -1}
              styles={styles}
              onSort={props.onSort}
              onResize={props.onResize}
              onMoveColumn={props.onMoveColumn}
              renderFilterButton={props.renderFilterButton}
            />
          )}
          {n === 0 && (
            <div className={styles.empty} style={{ top: headerH }} role="row">
              <div role="gridcell">{props.empty}</div>
            </div>
          )}
          {shown.map((i) => {
            const r = rows[i];
            const expanded = i === expandedAt;
            const top = headerH + rowTop(i);
            return (
              <React.Fragment key={r}>
                <GridRow
                  r={r}
                  i={i}
                  top={top}
                  height={rowHeight}
                  width={contentWidth}
                  ariaRowIndex={rowIndexOf(i)}
                  grayed={searching && !matches[r]}
                  current={r === currentRow}
                  expanded={expanded}
                  activeC={active.r === i ? active.c : -1}
                  columns={columns}
                  template={template}
                  styles={styles}
                  theme={theme}
                  onToggleExpand={props.onToggleExpand}
                  onCellMenu={props.onCellMenu}
                />
                {expanded && (
                  <div
                    className={styles.details}
                    data-testid="spacetime-details-row"
                    style={{ top: top + rowHeight, height: extra, width: contentWidth, minWidth: '100%' }}
                    role="row"
                    aria-rowindex={rowIndexOf(i) + 1}
                    id={detailsId(r)}
                  >
                    {/* Sticky: the details stay in view when the grid is scrolled sideways. */}
                    <div
                      className={styles.detailsBody}
                      style={{ width: Math.max(200, props.width - 2) }}
                      role="gridcell"
                      aria-colspan={colCount}
                    >
                      {props.renderDetails(r)}
                    </div>
                  </div>
                )}
              </React.Fragment>
            );
          })}
        </div>
      </div>
      {/* Mounted while the grid scrolls, search or not: the first keystroke only draws on it. */}
      {totalHeight > innerHeight && (
        <MatchTicks
          positions={searching ? props.matchPositions : NO_POSITIONS}
          current={searching ? props.currentMatch : -1}
          top={headerH}
          rowHeight={rowHeight}
          expandedAt={expandedAt}
          extra={extra}
          total={totalHeight}
          height={innerHeight}
          width={measured.scrollbar}
          styles={styles}
          theme={theme}
        />
      )}
    </div>
  );
});

const NO_POSITIONS = new Int32Array(0);

/** The expanded row's details row (the expander cell controls it). */
const detailsId = (r: number) => `spacetime-details-${r}`;

interface GridRowProps {
  /** Frame row. */
  r: number;
  /** Display row. */
  i: number;
  top: number;
  height: number;
  width: number;
  ariaRowIndex: number;
  grayed: boolean;
  /** The current search match. */
  current: boolean;
  expanded: boolean;
  /** The column of the active cell when it is in this row, else -1. */
  activeC: number;
  columns: Column[];
  /** The row's grid-template-columns. */
  template: string;
  styles: Styles;
  theme: GrafanaTheme2;
  onToggleExpand: (row: number) => void;
  onCellMenu: (column: Column, row: number, x: number, y: number) => void;
}

/**
 * Class names joined as they are. emotion's cx would merge registered classes into a new one on every call;
 * these rules do not compete except by their order in getStyles, which is the order they were inserted in.
 */
function classes(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}

// A plain SVG, not @grafana/ui's Icon: Icon parses its SVG with a DOMParser on every mount, and every row has one.
const ExpanderIcon = React.memo(function ExpanderIcon({ expanded }: { expanded: boolean }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden
      style={expanded ? { transform: 'rotate(90deg)' } : undefined}
    >
      <path
        d="M6 3.5 10.5 8 6 12.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
});

/** One row; rendered again only when something it shows changed: a keystroke renders only the rows whose gray changed. */
const GridRow = React.memo(function GridRow(p: GridRowProps) {
  const { r, i, expanded, grayed, current, activeC, columns, styles, theme } = p;
  return (
    <div
      className={classes(
        styles.row,
        expanded && styles.rowExpanded,
        grayed && styles.rowGrayed,
        current && styles.rowCurrent
      )}
      style={{
        top: p.top,
        height: p.height,
        lineHeight: `${p.height - 1}px`,
        width: p.width,
        minWidth: '100%',
        gridTemplateColumns: p.template,
      }}
      role="row"
      aria-rowindex={p.ariaRowIndex}
      aria-current={current || undefined}
      data-row={r}
      data-grayed={grayed || undefined}
      data-current={current || undefined}
    >
      {/* aria-expanded on the cell, not the row: in a grid (not a treegrid) a row may not carry it. */}
      <div
        className={classes(styles.cell, styles.expander)}
        role="gridcell"
        aria-label={expanded ? 'Collapse row' : 'Expand row'}
        aria-expanded={expanded}
        aria-controls={expanded ? detailsId(r) : undefined}
        data-r={i}
        data-c={0}
        tabIndex={activeC === 0 ? 0 : -1}
        onClick={() => p.onToggleExpand(r)}
      >
        <ExpanderIcon expanded={expanded} />
      </div>
      {columns.map((column, c) => {
        const text = cachedShownText(column, r);
        return (
          <div
            key={column.key}
            className={classes(styles.cell, column.kind === 'number' && styles.numeric)}
            title={text.length > 40 ? text : undefined}
            data-search-key={column.key}
            role="gridcell"
            data-key={column.key}
            data-r={i}
            data-c={c + 1}
            tabIndex={activeC === c + 1 ? 0 : -1}
            onClick={(e) => p.onCellMenu(column, r, e.clientX, e.clientY)}
          >
            <CellContent column={column} row={r} text={text} styles={styles} theme={theme} />
          </div>
        );
      })}
    </div>
  );
});

interface GridHeaderProps {
  columns: Column[];
  widths: Record<string, number>;
  width: number;
  sort: SortBy[];
  /** The column of the active cell when it is in the header, else -1. */
  activeC: number;
  styles: Styles;
  onSort: (key: string, multi: boolean) => void;
  onResize: (key: string, width: number) => void;
  onMoveColumn: (key: string, to: number) => void;
  renderFilterButton: (column: Column) => React.ReactNode;
}

/** The sticky header; typing in the search box does not render it again. */
const GridHeader = React.memo(function GridHeader(props: GridHeaderProps) {
  const { columns, widths, width, sort, activeC, styles } = props;
  const [dragKey, setDragKey] = useState<string>();
  const [dropIndex, setDropIndex] = useState<number>();
  const sortIndex = (key: string) => sort.findIndex((s) => s.key === key);

  const startResize = (e: React.PointerEvent, key: string) => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = widths[key] ?? 120;
    const move = (ev: PointerEvent) => props.onResize(key, Math.round(startW + ev.clientX - startX));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className={styles.header} role="row" aria-rowindex={1} style={{ width, minWidth: '100%' }}>
      <div
        className={styles.headerCell}
        style={{ width: EXPANDER_WIDTH, padding: 0 }}
        role="columnheader"
        aria-colindex={1}
        data-r={-1}
        data-c={0}
        tabIndex={activeC === 0 ? 0 : -1}
      >
        <span className={styles.srOnly}>Details</span>
      </div>
      {columns.map((column, i) => {
        const si = sortIndex(column.key);
        const s = si >= 0 ? sort[si] : undefined;
        return (
          <div
            key={column.key}
            className={cx(styles.headerCell, dropIndex === i && dragKey !== column.key && styles.headerCellDropTarget)}
            style={{ width: widths[column.key] ?? 120 }}
            role="columnheader"
            aria-colindex={i + 2}
            aria-sort={s ? (s.desc ? 'descending' : 'ascending') : 'none'}
            aria-description="Enter sorts (Shift+Enter adds to the sort), Alt+Arrow keys move the column, F filters"
            data-r={-1}
            data-c={i + 1}
            data-key={column.key}
            tabIndex={activeC === i + 1 ? 0 : -1}
            draggable
            onDragStart={(e) => {
              setDragKey(column.key);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', column.key);
            }}
            onDragOver={(e) => {
              if (dragKey) {
                e.preventDefault();
                setDropIndex(i);
              }
            }}
            onDragEnd={() => {
              setDragKey(undefined);
              setDropIndex(undefined);
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragKey && dragKey !== column.key) {
                props.onMoveColumn(dragKey, i);
              }
              setDragKey(undefined);
              setDropIndex(undefined);
            }}
          >
            <button
              type="button"
              className={styles.headerName}
              tabIndex={-1}
              title={`${column.name}: click to sort, Shift+click to add to the sort`}
              onClick={(e) => props.onSort(column.key, e.shiftKey)}
            >
              {column.name}
            </button>
            {s && (
              <span className={styles.sortIcon} aria-hidden>
                <Icon name={s.desc ? 'arrow-down' : 'arrow-up'} size="sm" />
                {sort.length > 1 && si + 1}
              </span>
            )}
            {props.renderFilterButton(column)}
            <div
              className={styles.resizer}
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize ${column.name}`}
              aria-valuenow={widths[column.key]}
              onPointerDown={(e) => startResize(e, column.key)}
              onClick={(e) => e.stopPropagation()}
              onDoubleClick={(e) => e.stopPropagation()}
              draggable={false}
              onDragStart={(e) => e.preventDefault()}
            />
          </div>
        );
      })}
    </div>
  );
});
