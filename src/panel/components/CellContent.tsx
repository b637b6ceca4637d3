import React from 'react';
import { type Field, type GrafanaTheme2, type LinkModel, MappingType } from '@grafana/data';

import { type Column } from '../engine/columns';
import { shownText } from '../export/delimited';
import { type Styles } from './styles';

/** The colour a value mapping gives this value (e.g. the datasource's severity mappings), if any. */
export function mappedColor(field: Field, value: unknown, theme: GrafanaTheme2): string | undefined {
  const mappings = field.config.mappings;
  if (!mappings?.length || value === null || value === undefined) {
    return undefined;
  }
  const text = String(value);
  for (const m of mappings) {
    if (m.type === MappingType.ValueToText) {
      const color = m.options[text]?.color;
      if (color) {
        return theme.visualization.getColorByName(color);
      }
    }
  }
  // Range, regex and special mappings: the display processor has already resolved them.
  const hasOther = mappings.some((m) => m.type !== MappingType.ValueToText);
  if (hasOther && field.display) {
    const dv = field.display(value);
    if (dv.color && dv.text !== text) {
      return dv.color;
    }
  }
  return undefined;
}

export function firstLink(column: Column, row: number): LinkModel | undefined {
  if (!column.field.config.links?.length || !column.field.getLinks) {
    return undefined;
  }
  try {
    return column.field.getLinks({ valueRowIndex: row })[0];
  } catch {
    return undefined;
  }
}

interface Props {
  column: Column;
  row: number;
  /** The shown text (shownText); search matches are painted over it by SearchHighlighter, so it is the cell's last node. */
  text: string;
  styles: Styles;
  theme: GrafanaTheme2;
}

/** A cell's inside: the colour dot of a mapped value, then the text, or a link holding it. */
export const CellContent = React.memo(function CellContent({ column, row, text, styles, theme }: Props) {
  const color = mappedColor(column.field, column.value(row), theme);
  const link = firstLink(column, row);
  return (
    <>
      {color && <span className={styles.dot} style={{ background: color }} aria-hidden />}
      {link ? (
        <a
          className={styles.link}
          href={link.href}
          target={link.target}
          title={link.title}
          tabIndex={-1}
          data-search-key={column.key}
          onClick={(e) => {
            e.stopPropagation();
            if (link.onClick) {
              e.preventDefault();
              link.onClick(e);
            }
          }}
        >
          {text}
        </a>
      ) : (
        text
      )}
    </>
  );
});

const shownCache = new WeakMap<Column, string[]>();

/** shownText, remembered per column and row: the display processor runs once per cell, not per keystroke. */
export function cachedShownText(column: Column, row: number): string {
  let texts = shownCache.get(column);
  if (!texts) {
    texts = [];
    shownCache.set(column, texts);
  }
  let text = texts[row];
  if (text === undefined) {
    text = shownText(column, row);
    texts[row] = text;
  }
  return text;
}
