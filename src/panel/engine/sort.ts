// Multi-column sort of row indices. Numbers and times sort numerically, text by code units (fast and stable
// across browsers), values mapped by value mappings in the mappings' order (so severities sort by rank).
import { MappingType } from '@grafana/data';

import { type Column, type FrameIndex } from './columns';

export interface SortBy {
  key: string;
  desc: boolean;
}

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

/** Each row's value as a dense rank (equal values, equal ranks); nulls and empty text take the last rank. */
interface Ranks {
  ranks: Int32Array;
  /** Number of ranks, the null rank included. */
  count: number;
}

const rankCache = new WeakMap<Column, Ranks>();

/** The column's ranks, built once per column: every later sort on it compares integers. */
function columnRanks(column: Column): Ranks {
  let r = rankCache.get(column);
  if (!r) {
    if (column.kind === 'string' && column.key === 'id') {
      r = naturalRanks(column);
    } else {
      r = column.kind === 'string' || column.kind === 'list' ? textRanks(column) : numberRanks(column.numeric());
    }
    rankCache.set(column, r);
  }
  return r;
}

function numberRanks(nums: Float64Array): Ranks {
  // A typed array sorts numerically and puts NaN (null) last.
  const sorted = Float64Array.from(nums).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length && !Number.isNaN(sorted[i]); i++) {
    if (i === 0 || sorted[i] !== sorted[unique - 1]) {
      sorted[unique++] = sorted[i];
    }
  }
  const ranks = new Int32Array(nums.length);
  for (let r = 0; r < nums.length; r++) {
    const x = nums[r];
    if (Number.isNaN(x)) {
      ranks[r] = unique;
      continue;
    }
    let lo = 0;
    let hi = unique - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    ranks[r] = lo;
  }
  return { ranks, count: unique + 1 };
}

// Ticket ids in natural order, numbers within the text compared as numbers: 9 < 10, OPS-9 < OPS-10.
const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

function naturalRanks(column: Column): Ranks {
  const texts = column.text();
  const unique = [...new Set(texts)].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : naturalOrder.compare(a, b)));
  return ranksIn(texts, unique);
}

/** Each text's position in `unique` (the distinct texts, in order). */
function ranksIn(texts: string[], unique: string[]): Ranks {
  const rankOfText = new Map<string, number>();
  unique.forEach((t, i) => rankOfText.set(t, i));
  const ranks = new Int32Array(texts.length);
  for (let r = 0; r < texts.length; r++) {
    ranks[r] = rankOfText.get(texts[r])!;
  }
  return { ranks, count: unique.length };
}

function textRanks(column: Column): Ranks {
  const texts = column.text();
  const mapped = mappingRanks(column);
  if (!mapped && mostlyDistinct(texts)) {
    return distinctTextRanks(texts);
  }
  const unique = [...new Set(texts)];
  if (mapped) {
    const rankOf = (t: string) => mapped.get(t) ?? Number.MAX_SAFE_INTEGER;
    unique.sort((a, b) => rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  } else {
    // The default sort compares code units, like `<`; empty text goes last.
    unique.sort();
    if (unique[0] === '') {
      unique.push(unique.shift()!);
    }
  }
  return ranksIn(texts, unique);
}

/** Whether most of a sample of the texts differ (titles, not services): a dictionary of them would cost more than it saves. */
function mostlyDistinct(texts: string[]): boolean {
  const step = Math.max(1, Math.floor(texts.length / 1000));
  const seen = new Set<string>();
  let sampled = 0;
  for (let r = 0; r < texts.length; r += step, sampled++) {
    seen.add(texts[r]);
  }
  return seen.size > sampled / 2;
}

/** Ranks of mostly distinct texts: the row indices sorted by text, then numbered in that order. */
function distinctTextRanks(texts: string[]): Ranks {
  const n = texts.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  // Empty text last, as in the dictionary path.
  order.sort((a, b) => {
    const x = texts[a];
    const y = texts[b];
    return x === y ? 0 : x === '' ? 1 : y === '' ? -1 : x < y ? -1 : 1;
  });
  const ranks = new Int32Array(n);
  let rank = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && texts[order[i]] !== texts[order[i - 1]]) {
      rank++;
    }
    ranks[order[i]] = rank;
  }
  return { ranks, count: n === 0 ? 0 : rank + 1 };
}

/** Row indices 0..n-1 ordered by the sort keys (stable: ties keep row order; unknown keys are ignored). */
export function sortRows(index: FrameIndex, sortBy: SortBy[]): Int32Array {
  const n = index.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = i;
  }
  const keys: Array<Ranks & { desc: boolean }> = [];
  for (const s of sortBy) {
    const column = index.column(s.key);
    if (column) {
      keys.push({ ...columnRanks(column), desc: s.desc });
    }
  }
  if (keys.length === 0) {
    return rows;
  }
  const rankOf = (k: Ranks & { desc: boolean }, r: number) => (k.desc ? k.count - 1 - k.ranks[r] : k.ranks[r]);
  let span = n;
  for (const k of keys) {
    span *= k.count;
  }
  if (span <= Number.MAX_SAFE_INTEGER) {
    // The keys and the row index packed into one number each: a typed array sorts those natively, no callbacks.
    const packed = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let key = 0;
      for (let i = 0; i < keys.length; i++) {
        key = key * keys[i].count + rankOf(keys[i], r);
      }
      packed[r] = key * n + r;
    }
    packed.sort();
    for (let i = 0; i < n; i++) {
      rows[i] = packed[i] % n;
    }
    return rows;
  }
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const d = rankOf(keys[i], a) - rankOf(keys[i], b);
      if (d !== 0) {
        return d;
      }
    }
    return a - b;
  });
  return rows;
}
