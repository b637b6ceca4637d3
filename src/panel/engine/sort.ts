// Multi-column sort of row indices. Numbers and times sort numerically, text by code units (fast and stable
// across browsers), values mapped by value mappings in the mappings' order (so severities sort by rank).
import { MappingType } from '@grafana/data';

import { type Column, type FrameIndex } from './columns';

export interface SortBy {
  key: string;
  desc: boolean;
}

type Compare = (a: number, b: number) => number;

/** Rank of each text by the field's value-to-text mappings (Low < Normal < … when the datasource maps them). */
function mappingRanks(column: Column): Map<string, number> | undefined {
  const mappings = column.field.config.mappings;
  if (!mappings?.length) {
    return undefined;
  }
  const ranks = new Map<string, number>();
  for (const m of mappings) {
    if (m.type !== MappingType.ValueToText) {
      continue;
    }
    const entries = Object.entries(m.options);
    entries.sort((a, b) => (a[1].index ?? 0) - (b[1].index ?? 0));
    for (const [value, result] of entries) {
      if (!ranks.has(value)) {
        ranks.set(value, result.index ?? ranks.size);
      }
    }
  }
  return ranks.size ? ranks : undefined;
}

function columnCompare(column: Column): Compare {
  if (column.kind !== 'string') {
    const nums = column.numeric();
    // Nulls (NaN) last in ascending order.
    return (a, b) => {
      const x = nums[a];
      const y = nums[b];
      if (x === y) {
        return 0;
      }
      if (Number.isNaN(x)) {
        return Number.isNaN(y) ? 0 : 1;
      }
      if (Number.isNaN(y)) {
        return -1;
      }
      return x < y ? -1 : 1;
    };
  }
  const texts = column.text();
  const ranks = mappingRanks(column);
  if (ranks) {
    const rankOf = (t: string) => ranks.get(t) ?? Number.MAX_SAFE_INTEGER;
    return (a, b) => {
      const d = rankOf(texts[a]) - rankOf(texts[b]);
      if (d !== 0) {
        return d;
      }
      return texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0;
    };
  }
  return (a, b) => {
    const x = texts[a];
    const y = texts[b];
    if (x === y) {
      return 0;
    }
    // Empty text last in ascending order.
    if (x === '') {
      return 1;
    }
    if (y === '') {
      return -1;
    }
    return x < y ? -1 : 1;
  };
}

/** Row indices 0..n-1 ordered by the sort keys (stable; unknown keys are ignored). */
export function sortRows(index: FrameIndex, sortBy: SortBy[]): Int32Array {
  const n = index.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = i;
  }
  const compares: Compare[] = [];
  for (const s of sortBy) {
    const column = index.column(s.key);
    if (!column) {
      continue;
    }
    const cmp = columnCompare(column);
    compares.push(s.desc ? (a, b) => cmp(b, a) : cmp);
  }
  if (compares.length === 0) {
    return rows;
  }
  // TypedArray#sort is stable in every current engine; the index tie-break keeps it explicit.
  rows.sort((a, b) => {
    for (let i = 0; i < compares.length; i++) {
      const d = compares[i](a, b);
      if (d !== 0) {
        return d;
      }
    }
    return a - b;
  });
  return rows;
}
