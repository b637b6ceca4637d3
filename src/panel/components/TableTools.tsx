import React from 'react';
import { Button, Dropdown, Icon, InlineField, InlineSwitch, Menu, Toggletip } from '@grafana/ui';

import { type Delimited } from '../export/delimited';
import { ColumnsMenu } from './ColumnsMenu';
import { type Styles } from './styles';

interface Props {
  hideNonMatching: boolean;
  /** The hide switch's element id (unique per panel). */
  switchId: string;
  /** A column filter that could not be compiled. */
  error?: string;
  order: string[];
  hidden: Set<string>;
  columnsOpen: boolean;
  styles: Styles;
  nameOf: (key: string) => string;
  /** How many rows a download would hold; asked when the menu opens, so typing does not render the tools. */
  shownCount: () => number;
  onToggleHide: () => void;
  onColumnsOpen: (open: boolean) => void;
  onColumnsChange: (order: string[], hidden: string[]) => void;
  onColumnsReset: () => void;
  onDownload: (format: Delimited) => void;
}

/** The toolbar right of the search box: hide non-matching, the filter error, columns, download. */
export const TableTools = React.memo(function TableTools(p: Props) {
  const downloadMenu = () => {
    const rows = p.shownCount().toLocaleString();
    return (
      <Menu>
        <Menu.Item label={`CSV (${rows} rows)`} icon="file-alt" onClick={() => p.onDownload('csv')} />
        <Menu.Item label={`TSV (${rows} rows)`} icon="file-alt" onClick={() => p.onDownload('tsv')} />
      </Menu>
    );
  };
  return (
    <>
      {/* InlineField names the switch with its label; InlineSwitch's own label would also put aria-label on a
          <label>, which ARIA prohibits (axe: aria-prohibited-attr). */}
      <InlineField label="Hide non-matching" transparent className={p.styles.hideField}>
        <InlineSwitch id={p.switchId} transparent value={p.hideNonMatching} onChange={p.onToggleHide} />
      </InlineField>
      <span className={p.styles.spacer} />
      {p.error && (
        <span className={p.styles.error} role="alert">
          <Icon name="exclamation-triangle" /> Filter ignored: {p.error}
        </span>
      )}
      <Toggletip
        show={p.columnsOpen}
        onOpen={() => p.onColumnsOpen(true)}
        onClose={() => p.onColumnsOpen(false)}
        closeButton={false}
        placement="bottom-end"
        title="Columns"
        content={
          <ColumnsMenu
            order={p.order}
            hidden={p.hidden}
            nameOf={p.nameOf}
            styles={p.styles}
            onChange={p.onColumnsChange}
            onReset={p.onColumnsReset}
          />
        }
      >
        <Button size="sm" variant="secondary" fill="outline" icon="columns" aria-label="Columns">
          Columns
        </Button>
      </Toggletip>
      <Dropdown overlay={downloadMenu}>
        <Button size="sm" variant="secondary" fill="outline" icon="download-alt" aria-label="Download shown rows">
          Download
        </Button>
      </Dropdown>
    </>
  );
});
