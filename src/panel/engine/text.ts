// Cell text as docs/query-model.md defines it: the text every filter and search compares.
import { type Field, FieldType } from '@grafana/data';

import { type FieldKind } from '../../shared/filterModel';
import { rfc3339 } from '../../shared/timeText';

/**
 * The filter-model kind of a Grafana field: times and numbers keep their kind, a field of arrays (a multi-valued
 * dimension: Spacetime sends JSON arrays of strings) is a list, everything else is text.
 */
export function fieldKind(field: Field): FieldKind {
  if (field.type === FieldType.time) {
    return 'time';
  }
  if (field.type === FieldType.number) {
    return 'number';
  }
  if (field.type === FieldType.other && Array.isArray(firstValue(field.values))) {
    return 'list';
  }
  return 'string';
}

function firstValue(values: ArrayLike<unknown>): unknown {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) {
      return values[i];
    }
  }
  return undefined;
}

/** The values of a list cell as text: an empty list (or null) has none. */
export function listValues(v: unknown): string[] {
  if (!Array.isArray(v)) {
    return v === null || v === undefined || v === '' ? [] : [String(v)];
  }
  return v.map((x) => (x === null || x === undefined ? '' : typeof x === 'string' ? x : String(x)));
}

/** Epoch milliseconds of a time cell (number, numeric string, ISO text or Date), or NaN for null/unreadable. */
export function timeValue(v: unknown): number {
  if (v === null || v === undefined || v === '') {
    return NaN;
  }
  if (typeof v === 'number') {
    return v;
  }
  if (v instanceof Date) {
    return v.getTime();
  }
  if (typeof v === 'string') {
    return /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  }
  const maybe = v as { valueOf?: () => unknown };
  const n = Number(maybe.valueOf?.());
  return Number.isFinite(n) ? n : NaN;
}

/** The text of one cell: numbers in decimal, times in RFC 3339 UTC, a list's values joined by ", ", null as "". */
export function cellText(kind: FieldKind, v: unknown): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (kind === 'list') {
    return listValues(v).join(', ');
  }
  if (kind === 'time') {
    const ms = timeValue(v);
    return Number.isFinite(ms) ? rfc3339(ms) : '';
  }
  if (kind === 'number') {
    return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : String(v);
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses decimal text strictly (no empty string, no hex, no white space), or NaN. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a filter's time value: RFC 3339 or epoch milliseconds, or NaN. */
export function parseTimeValue(text: string): number {
  if (/^-?\d+$/.test(text)) {
    return Number(text);
  }
  return RFC3339.test(text) ? Date.parse(text) : NaN;
}
