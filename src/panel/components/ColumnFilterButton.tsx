import React, { useMemo } from 'react';
import { IconButton, Toggletip } from '@grafana/ui';

import { type FrameIndex, type Column } from '../engine/columns';
import { evaluate } from '../engine/evaluate';
import { sortRows } from '../engine/sort';
import { type ColumnFilter, columnFiltersToNode } from '../state/columnFilters';
import { ColumnFilterEditor } from './ColumnFilterEditor';
import { type Styles } from './styles';

interface Props {
  column: Column;
  index: FrameIndex;
  filters: ColumnFilter[];
  active: boolean;
  open: boolean;
  styles: Styles;
  onOpen: (key: string | undefined) => void;
  onApply: (key: string, f: ColumnFilter | undefined) => void;
}

/**
 * A header's filter button and the editor it opens. Memoized: a filter change renders only the buttons whose state
 * changed (each holds floating-ui hooks), so callers pass `filters` only to the open one.
 */
export const ColumnFilterButton = React.memo(function ColumnFilterButton({
  column,
  index,
  filters,
  active,
  open,
  styles,
  onOpen,
  onApply,
}: Props) {
  return (
    <Toggletip
      show={open}
      onOpen={() => onOpen(column.key)}
      onClose={() => onOpen(undefined)}
      closeButton={false}
      placement="bottom-start"
      title={`Filter ${column.name}`}
      content={
        open ? (
          <FilterEditorHost
            column={column}
            index={index}
            filters={filters}
            styles={styles}
            onApply={(f) => {
              onApply(column.key, f);
              onOpen(undefined);
            }}
            onCancel={() => onOpen(undefined)}
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
});

/** The column filter editor over the rows the other columns' filters keep, so its value counts are faceted. */
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
    return evaluate({ index, order: sortRows(index, []), filter: others, search: '', hideNonMatching: false }).rows;
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
