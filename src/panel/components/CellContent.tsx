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
  /** The shown text (shownText), computed by the row for its highlight ranges. */
  text: string;
  /** Highlight ranges in the text; compared by value, so a keystroke that leaves a cell's highlights as they were does not render it again. */
  ranges: MatchRange[];
  styles: Styles;
  theme: GrafanaTheme2;
}

export function sameRanges(a: MatchRange[], b: MatchRange[]): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) {
      return false;
    }
  }
  return true;
}

const sameCell = (a: Props, b: Props) =>
  a.column === b.column &&
  a.row === b.row &&
  a.text === b.text &&
  a.styles === b.styles &&
  a.theme === b.theme &&
  sameRanges(a.ranges, b.ranges);

export const CellContent = React.memo(function CellContent({ column, row, text, ranges, styles, theme }: Props) {
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
}, sameCell);

/** Highlight ranges of a cell, or the shared empty list. */
export function cellRanges(text: string, terms: SearchTerm[], column: Column): MatchRange[] {
  if (terms.length === 0) {
    return NO_RANGES;
  }
  const ranges = matchRanges(text, terms, column);
  return ranges.length ? ranges : NO_RANGES;
}

const NO_RANGES: MatchRange[] = [];

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
