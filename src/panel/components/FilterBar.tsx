import React from 'react';
import { Button, IconButton } from '@grafana/ui';

import { type ColumnFilter, describeColumnFilter } from '../state/columnFilters';
import { type Styles } from './styles';

interface Props {
  filters: ColumnFilter[];
  nameOf: (key: string) => string;
  styles: Styles;
  onEdit: (key: string) => void;
  onRemove: (index: number) => void;
  onClear: () => void;
}

/** The active column filters as removable pills, and "Clear all". */
export const FilterBar = React.memo(function FilterBar({ filters, nameOf, styles, onEdit, onRemove, onClear }: Props) {
  if (filters.length === 0) {
    return null;
  }
  return (
    <div className={styles.filterBar} role="list" aria-label="Active filters">
      {filters.map((f, i) => {
        const label = describeColumnFilter(f, nameOf(f.key));
        return (
          <span key={i} className={styles.pill} role="listitem" title={label}>
            <button
              type="button"
              className={`${styles.headerName} ${styles.pillText}`}
              onClick={() => onEdit(f.key)}
              aria-label={`Edit filter: ${label}`}
            >
              {label}
            </button>
            <IconButton name="times" size="sm" aria-label={`Remove filter: ${label}`} onClick={() => onRemove(i)} />
          </span>
        );
      })}
      <Button size="sm" variant="secondary" fill="text" onClick={onClear}>
        Clear all
      </Button>
    </div>
  );
});
