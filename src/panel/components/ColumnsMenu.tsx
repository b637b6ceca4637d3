import React from 'react';
import { Button, Checkbox, IconButton } from '@grafana/ui';

import { type Styles } from './styles';

/** The viewer's column list: show/hide, move up/down, reset to the panel options. */
export function ColumnsMenu({
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
  // The reset button after the list, not in it: a list holds only list items (axe: aria-required-children).
  return (
    <div className={styles.columnsMenu}>
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
      </div>
      <Button size="sm" variant="secondary" icon="history" onClick={onReset}>
        Reset to panel defaults
      </Button>
    </div>
  );
}
