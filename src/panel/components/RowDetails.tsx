import React from 'react';
import { type GrafanaTheme2 } from '@grafana/data';
import { IconButton, LinkButton } from '@grafana/ui';

import { type Column, type FrameIndex } from '../engine/columns';
import { shownText } from '../export/delimited';
import { firstLink, mappedColor } from './CellContent';
import { type Styles } from './styles';

const DESCRIPTION_KEYS = ['description', 'body', 'message', 'line', 'content'];
const TITLE_KEYS = ['title', 'subject', 'summary', 'name'];

/** The column that names a row (title, subject, summary, name), if the frame has one. */
export function titleColumn(index: FrameIndex): Column | undefined {
  return findColumn(index, TITLE_KEYS);
}

function findColumn(index: FrameIndex, keys: string[]): Column | undefined {
  for (const k of keys) {
    const c = index.columnIgnoringCase(k);
    if (c && c.kind === 'string') {
      return c;
    }
  }
  return undefined;
}

interface Props {
  index: FrameIndex;
  row: number;
  styles: Styles;
  theme: GrafanaTheme2;
  onClose: () => void;
}

/** Every field of one row, its description as readable text, and its link out; the grid highlights search matches in them. */
export function RowDetails({ index, row, styles, theme, onClose }: Props) {
  const description = findColumn(index, DESCRIPTION_KEYS);
  const title = titleColumn(index);
  let link = undefined;
  for (const c of index.columns) {
    link = firstLink(c, row);
    if (link) {
      break;
    }
  }
  const descText = description ? shownText(description, row) : '';
  return (
    <section aria-label="Row details" data-testid="spacetime-row-details">
      <div className={styles.detailsTitle}>
        <strong data-search-key={title?.key}>{title ? shownText(title, row) : `Row ${row + 1}`}</strong>
        {link && (
          <LinkButton
            size="sm"
            variant="secondary"
            fill="outline"
            icon="external-link-alt"
            href={link.href}
            target={link.target ?? '_blank'}
            rel="noreferrer"
          >
            {link.title || 'Open'}
          </LinkButton>
        )}
        <IconButton name="times" size="sm" aria-label="Close details" tooltip="Close details" onClick={onClose} />
      </div>
      {description && (
        <div className={styles.description} data-testid="spacetime-row-description">
          {descText ? <span data-search-key={description.key}>{descText}</span> : <em>No description</em>}
        </div>
      )}
      <dl className={styles.fieldList}>
        {index.columns
          .filter((c) => c !== description)
          .map((c) => {
            const text = shownText(c, row);
            const color = mappedColor(c.field, c.value(row), theme);
            const cellLink = firstLink(c, row);
            return (
              <React.Fragment key={c.key}>
                <dt>{c.name}</dt>
                <dd>
                  {color && <span className={styles.dot} style={{ background: color }} aria-hidden />}
                  {cellLink ? (
                    <a className={styles.link} href={cellLink.href} target={cellLink.target} data-search-key={c.key}>
                      {text}
                    </a>
                  ) : text === '' ? (
                    <em>—</em>
                  ) : (
                    <span data-search-key={c.key}>{text}</span>
                  )}
                </dd>
              </React.Fragment>
            );
          })}
      </dl>
    </section>
  );
}
