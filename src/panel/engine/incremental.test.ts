// The panel's search box narrows from earlier results (Evaluator); whatever the typing, it must show exactly
// what a full search (evaluate) shows.
import { FieldType, createDataFrame } from '@grafana/data';

import { FrameIndex } from './columns';
import { Evaluator, type Evaluation, evaluate } from './evaluate';
import { compileSearch, narrows, parseSearch } from './search';
import { sortRows } from './sort';

const WORDS = [
  'Checkout',
  'check',
  'checkout 502',
  'Login slow',
  '502 from upstream',
  'disk full',
  'Ärger',
  'ß',
  'a"b',
  '',
];
const SERVICES = ['checkout', 'payments', 'auth', 'search', ''];

function frame(rows: number) {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return createDataFrame({
    fields: [
      { name: 'id', type: FieldType.number, values: Array.from({ length: rows }, (_, i) => 500 + i) },
      {
        name: 'title',
        type: FieldType.string,
        values: Array.from({ length: rows }, () => `${pick(WORDS)} ${pick(WORDS)}`),
      },
      { name: 'service', type: FieldType.string, values: Array.from({ length: rows }, () => pick(SERVICES)) },
      { name: 'url', type: FieldType.string, values: Array.from({ length: rows }, (_, i) => `https://x/check/${i}`) },
      { name: 'impact', type: FieldType.number, values: Array.from({ length: rows }, () => Math.floor(rnd() * 1000)) },
    ],
  });
}

function expectSame(got: Evaluation, want: Evaluation, search: string) {
  expect({ search, rows: Array.from(got.rows) }).toEqual({ search, rows: Array.from(want.rows) });
  expect(Array.from(got.matches)).toEqual(Array.from(want.matches));
  expect([got.filteredCount, got.matchCount, got.error]).toEqual([want.filteredCount, want.matchCount, want.error]);
  expect(got.terms).toEqual(want.terms);
}

/** Every prefix of the text, as typed one key at a time, then erased one key at a time. */
function typing(text: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= text.length; i++) {
    out.push(text.slice(0, i));
  }
  for (let i = text.length - 1; i >= 0; i--) {
    out.push(text.slice(0, i));
  }
  return out;
}

describe('incremental search (Evaluator)', () => {
  const index = new FrameIndex(frame(600));
  const typed = [
    'checkout 502 from up',
    'CHECK out "checkout 5',
    'title:check service:checkout',
    'service:"check" title:"login s',
    'id:5 50 502',
    'ärger ß ss',
    'a"b "a" check',
    'url:check check',
    'foo:bar checkout',
  ];

  it.each([false, true])(
    'shows the same rows as a full search for every keystroke (hide non-matching: %s)',
    (hideNonMatching) => {
      for (const sortBy of [[], [{ key: 'title', desc: false }]]) {
        const order = sortRows(index, sortBy);
        for (const filter of [undefined, { key: 'service', operator: '!=' as const, value: 'auth' }]) {
          const evaluator = new Evaluator();
          for (const text of typed) {
            for (const search of typing(text)) {
              expectSame(
                evaluator.run({ index, order, filter, search, hideNonMatching }),
                evaluate({ index, order, filter, search, hideNonMatching }),
                search
              );
            }
          }
        }
      }
    }
  );

  it('starts again when the order, filter or frame changes', () => {
    const evaluator = new Evaluator();
    const order = sortRows(index, []);
    const search = 'check';
    evaluator.run({ index, order, search, hideNonMatching: true });
    const filter = { key: 'service', operator: '=' as const, value: 'payments' };
    expectSame(
      evaluator.run({ index, order, filter, search: 'checkout', hideNonMatching: true }),
      evaluate({ index, order, filter, search: 'checkout', hideNonMatching: true }),
      'filter'
    );
    const sorted = sortRows(index, [{ key: 'impact', desc: true }]);
    expectSame(
      evaluator.run({ index, order: sorted, filter, search: 'checkout 5', hideNonMatching: true }),
      evaluate({ index, order: sorted, filter, search: 'checkout 5', hideNonMatching: true }),
      'sort'
    );
    const other = new FrameIndex(frame(50));
    const o2 = sortRows(other, []);
    expectSame(
      evaluator.run({ index: other, order: o2, search: 'checkout 50', hideNonMatching: true }),
      evaluate({ index: other, order: o2, search: 'checkout 50', hideNonMatching: true }),
      'frame'
    );
  });

  it('reports a bad filter like a full search', () => {
    const order = sortRows(index, []);
    const filter = { key: 'title', operator: '=~' as const, value: '(' };
    const got = new Evaluator().run({ index, order, filter, search: 'check', hideNonMatching: false });
    expectSame(got, evaluate({ index, order, filter, search: 'check', hideNonMatching: false }), 'bad filter');
    expect(got.error).toContain('invalid regex');
  });

  it('finds a word the same way scanning the whole text or testing rows one by one', () => {
    const rows = Array.from({ length: index.length }, (_, r) => r);
    const searched = index.searchedColumns();
    for (const word of ['check', 'k', 'ß', 'ärger', '599', '500', '1099', 'upstream', 'zzz']) {
      const terms = parseSearch(word, index);
      const inSomeCell = rows.filter((r) => searched.some((c) => c.lower()[r].includes(word)));
      expect({ word, rows: rows.filter(compileSearch(terms, index, index.length)!) }).toEqual({
        word,
        rows: inSomeCell,
      });
      expect({ word, rows: rows.filter(compileSearch(terms, index, 1)!) }).toEqual({ word, rows: inSomeCell });
    }
  });

  it('narrows only when every earlier term is implied by a term on the same columns', () => {
    const p = (s: string) => parseSearch(s, index);
    expect(narrows(p('check'), p('chec'))).toBe(true);
    expect(narrows(p('checkout 502'), p('checkout'))).toBe(true);
    expect(narrows(p('502 checkout'), p('checkout'))).toBe(true);
    expect(narrows(p('title:check'), p('title:che'))).toBe(true);
    expect(narrows(p('chec'), p('check'))).toBe(false);
    expect(narrows(p('title:check'), p('check'))).toBe(false);
    expect(narrows(p('check'), p('title:check'))).toBe(false);
    expect(narrows(p('title:'), p('title'))).toBe(false);
    expect(narrows(p('a'), p(''))).toBe(true);
  });
});
