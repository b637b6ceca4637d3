// sortRows packs ranks into numbers for speed; whatever the columns and keys, it must order rows exactly like a
// plain comparison of the values (numbers numerically with nulls last, text by code units with empty text last,
// mapped text by mapping order, descending reversing all of it, ties in row order).
import { type DataFrame, FieldType, MappingType, createDataFrame } from '@grafana/data';

import { FrameIndex } from './columns';
import { type SortBy, sortRows } from './sort';

const SEVERITIES = ['Low', 'Normal', 'High', 'Urgent'];

function frame(rows: number, seed: number): DataFrame {
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const n = Array.from({ length: rows });
  return createDataFrame({
    fields: [
      { name: 'impact', type: FieldType.number, values: n.map(() => pick([null, -0, 0, 1.5, -3, 7, 1e9, 42])) },
      { name: 'opened', type: FieldType.time, values: n.map(() => pick([null, 1700000000000, 1600000000000, 5])) },
      { name: 'service', type: FieldType.string, values: n.map(() => pick(['', 'b', 'a', 'B', 'ä', 'ab', null])) },
      {
        name: 'title',
        type: FieldType.string,
        values: n.map((_, i) => (i % 7 === 0 ? '' : `t${Math.floor(rnd() * rows)}-${i % 3}`)),
      },
      {
        name: 'severity',
        type: FieldType.string,
        values: n.map(() => pick([...SEVERITIES, 'Unmapped', ''])),
        config: {
          mappings: [
            {
              type: MappingType.ValueToText,
              options: Object.fromEntries(SEVERITIES.map((s, i) => [s, { index: i }])),
            },
          ],
        },
      },
    ],
  });
}

/** The reference: compares the values themselves, as the sort's doc comment says. */
function referenceSort(index: FrameIndex, sortBy: SortBy[]): number[] {
  const compares = sortBy.map(({ key, desc }) => {
    const column = index.column(key)!;
    let cmp: (a: number, b: number) => number;
    if (column.kind !== 'string') {
      const v = column.numeric();
      const nil = (x: number) => Number.isNaN(x);
      cmp = (a, b) => (nil(v[a]) || nil(v[b]) ? +nil(v[a]) - +nil(v[b]) : v[a] - v[b] || 0);
    } else if (key === 'severity') {
      const t = column.text();
      const rank = (s: string) => (SEVERITIES.includes(s) ? SEVERITIES.indexOf(s) : Infinity);
      cmp = (a, b) =>
        rank(t[a]) === rank(t[b]) ? (t[a] < t[b] ? -1 : t[a] > t[b] ? 1 : 0) : rank(t[a]) < rank(t[b]) ? -1 : 1;
    } else {
      const t = column.text();
      cmp = (a, b) => (t[a] === t[b] ? 0 : t[a] === '' ? 1 : t[b] === '' ? -1 : t[a] < t[b] ? -1 : 1);
    }
    return desc ? (a: number, b: number) => cmp(b, a) : cmp;
  });
  const rows = Array.from({ length: index.length }, (_, i) => i);
  return rows.sort((a, b) => {
    for (const cmp of compares) {
      const d = cmp(a, b);
      if (d !== 0) {
        return d;
      }
    }
    return a - b;
  });
}

describe('sortRows', () => {
  const keys = ['impact', 'opened', 'service', 'title', 'severity'];
  const sorts: SortBy[][] = [
    ...keys.flatMap((key) => [[{ key, desc: false }], [{ key, desc: true }]]),
    [
      { key: 'service', desc: false },
      { key: 'impact', desc: true },
    ],
    [
      { key: 'severity', desc: true },
      { key: 'opened', desc: false },
      { key: 'service', desc: true },
    ],
    [
      { key: 'title', desc: false },
      { key: 'service', desc: false },
      { key: 'impact', desc: false },
      { key: 'severity', desc: false },
      { key: 'opened', desc: true },
    ],
    [{ key: 'no such column', desc: false }],
  ];

  it.each([1, 2, 3])('orders rows like comparing the values (frame %i)', (seed) => {
    const index = new FrameIndex(frame(500, seed));
    for (const sortBy of sorts) {
      expect({ sortBy, rows: Array.from(sortRows(index, sortBy)) }).toEqual({
        sortBy,
        rows: referenceSort(
          index,
          sortBy.filter((s) => index.column(s.key))
        ),
      });
    }
  });

  it('falls back to comparing ranks when the packed keys would not fit in a number', () => {
    // Four keys with up to 100,000 distinct values each: the product of their rank counts passes 2^53.
    const rows = 100_000;
    const index = new FrameIndex(
      createDataFrame({
        fields: ['a', 'b', 'c', 'd'].map((name, k) => ({
          name,
          type: FieldType.number,
          values: Array.from({ length: rows }, (_, i) => (i * (k + 7919)) % rows),
        })),
      })
    );
    const sortBy = ['a', 'b', 'c', 'd'].map((key) => ({ key, desc: key === 'b' }));
    expect(Array.from(sortRows(index, sortBy))).toEqual(referenceSort(index, sortBy));
  });

  it('orders ticket ids of any system naturally, numbers within them as numbers', () => {
    const ids = ['OPS-10', '9', 'OPS-9', '', '10', 'acme/shop#42', 'acme/shop#7', '100'];
    const index = new FrameIndex(createDataFrame({ fields: [{ name: 'id', type: FieldType.string, values: ids }] }));
    const sorted = Array.from(sortRows(index, [{ key: 'id', desc: false }])).map((r) => ids[r]);
    expect(sorted).toEqual(['9', '10', '100', 'acme/shop#7', 'acme/shop#42', 'OPS-9', 'OPS-10', '']);
  });

  it('orders a multi-valued column by its values joined', () => {
    const labels = [['db', 'api'], [], ['api'], ['cdn']];
    const index = new FrameIndex(
      createDataFrame({ fields: [{ name: 'labels', type: FieldType.other, values: labels }] })
    );
    const sorted = Array.from(sortRows(index, [{ key: 'labels', desc: false }])).map((r) => labels[r].join(','));
    expect(sorted).toEqual(['api', 'cdn', 'db,api', '']);
  });
});
