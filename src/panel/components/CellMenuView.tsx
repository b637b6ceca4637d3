import React from 'react';
import { type GrafanaTheme2 } from '@grafana/data';
import { type AdHocFilterItem, ContextMenu, Menu } from '@grafana/ui';

import { type Column } from '../engine/columns';
import { shownText } from '../export/delimited';

export interface CellMenu {
  column: Column;
  row: number;
  x: number;
  y: number;
}

/**
 * A cell's menu: filter the dashboard for or against its value, filter this table, details, copy. A multi-valued
 * cell offers the filters once per value.
 */
export function CellMenuView({
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
  onLocal: (value: string, negate: boolean) => void;
  onDetails: () => void;
}) {
  const { column, row } = menu;
  const text = column.text()[row];
  const values = column.cellValues(row);
  const run = (f: () => void) => () => {
    f();
    onClose();
  };
  const filterItems = (value: string, label: (what: string) => string) => (
    <>
      {onAdHoc && (
        <>
          <Menu.Item
            label={label('Filter for') + ' (dashboard)'}
            icon="search-plus"
            onClick={run(() => onAdHoc({ key: column.key, value, operator: '=' }))}
          />
          <Menu.Item
            label={label('Filter out') + ' (dashboard)'}
            icon="search-minus"
            onClick={run(() => onAdHoc({ key: column.key, value, operator: '!=' }))}
          />
        </>
      )}
      <Menu.Item label={label('Show only')} icon="filter" onClick={run(() => onLocal(value, false))} />
      <Menu.Item label={label('Hide')} icon="eye-slash" onClick={run(() => onLocal(value, true))} />
    </>
  );
  return (
    <ContextMenu
      x={menu.x}
      y={menu.y}
      onClose={onClose}
      focusOnOpen
      renderHeader={() => (
        <div style={{ padding: theme.spacing(0.5, 1), color: theme.colors.text.secondary }}>
          {column.name}: {short(text)}
        </div>
      )}
      renderMenuItems={() => (
        <>
          {values.length === 1
            ? filterItems(values[0], (what) => `${what} ${what.startsWith('Filter') ? 'value' : 'this value'}`)
            : values.map((v) => (
                <Menu.Group key={v} label={short(v)}>
                  {filterItems(v, (what) => `${what} "${short(v)}"`)}
                </Menu.Group>
              ))}
          <Menu.Divider />
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

function short(value: string): string {
  return value === '' ? '(empty)' : value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
