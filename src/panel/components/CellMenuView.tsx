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

/** A cell's menu: filter the dashboard for or against its value, filter this table, details, copy. */
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
