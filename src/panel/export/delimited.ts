// TSV/CSV of exactly the rows and columns the table shows, in the shown order, as shown (formatted text).
import { formattedValueToString } from '@grafana/data';

import { type Column } from '../engine/columns';
import { cellText } from '../engine/text';

export type Delimited = 'csv' | 'tsv';

/** The text a cell shows: the field's display processor when there is one, else the model text. */
export function shownText(column: Column, row: number): string {
  const v = column.value(row);
  const display = column.field.display;
  if (column.kind === 'list') {
    // Grafana's display processor shows an array as JSON; a multi-valued cell reads better as its values.
    return cellText(column.kind, v);
  }
  if (display) {
    return formattedValueToString(display(v));
  }
  return cellText(column.kind, v);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function tsvCell(text: string): string {
  // TSV has no quoting: tabs and line breaks inside a value become spaces.
  return text.replace(/[\t\r\n]+/g, ' ');
}

export function toDelimited(format: Delimited, columns: Column[], rows: ArrayLike<number>): string {
  const cell = format === 'csv' ? csvCell : tsvCell;
  const sep = format === 'csv' ? ',' : '\t';
  const lines: string[] = [columns.map((c) => cell(c.name)).join(sep)];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    lines.push(columns.map((c) => cell(shownText(c, r))).join(sep));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Starts a browser download of the text. */
export function download(text: string, format: Delimited, baseName: string) {
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'text/tab-separated-values;charset=utf-8';
  const blob = new Blob([format === 'csv' ? '\ufeff' + text : text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${baseName.replace(/[^\w.-]+/g, '_') || 'table'}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
