import React from 'react';
import { type Field, type GrafanaTheme2, type LinkModel, MappingType } from '@grafana/data';

import { type Column } from '../engine/columns';
import { type MatchRange, type SearchTerm, matchRanges } from '../engine/search';
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

export function Highlighted({ text, ranges, markClass }: { text: string; ranges: MatchRange[]; markClass: string }) {
  if (ranges.length === 0) {
    return <>{text}</>;
  }
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([s, e], i) => {
    if (s > at) {
      parts.push(text.slice(at, s));
    }
    parts.push(
      <mark key={i} className={markClass}>
        {text.slice(s, e)}
      </mark>
    );
    at = e;
  });
  if (at < text.length) {
    parts.push(text.slice(at));
  }
  return <>{parts}</>;
}

interface Props {
  column: Column;
  row: number;
  terms: SearchTerm[];
  styles: Styles;
  theme: GrafanaTheme2;
}

export const CellContent = React.memo(function CellContent({ column, row, terms, styles, theme }: Props) {
  const text = shownText(column, row);
  const ranges = terms.length ? matchRanges(text, terms, column) : [];
  const color = mappedColor(column.field, column.value(row), theme);
  const link = firstLink(column, row);
  const body = <Highlighted text={text} ranges={ranges} markClass={styles.mark} />;
  return (
    <>
      {color && <span className={styles.dot} style={{ background: color }} aria-hidden />}
      {link ? (
        <a
          className={`${styles.cellText} ${styles.link}`}
          href={link.href}
          target={link.target}
          title={link.title}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            if (link.onClick) {
              e.preventDefault();
              link.onClick(e);
            }
          }}
        >
          {body}
        </a>
      ) : (
        <span className={styles.cellText} title={text.length > 40 ? text : undefined}>
          {body}
        </span>
      )}
    </>
  );
});
