import { FieldType, MappingType, createDataFrame } from '@grafana/data';

import { FrameIndex } from './columns';
import { evaluate } from './evaluate';
import { anchoredRegex } from './filter';
import { matchRanges, parseSearch, tokenizeSearch } from './search';
import { sortRows } from './sort';
import { rfc3339 } from '../../shared/timeText';
import { cellText } from './text';

function frame() {
  return createDataFrame({
    fields: [
      { name: 'id', type: FieldType.number, values: [3, 1, 2, 10] },
      { name: 'title', type: FieldType.string, values: ['Checkout down', 'Login slow', 'checkout 502', 'Disk'] },
      {
        name: 'severity',
        type: FieldType.string,
        values: ['High', 'Low', 'Urgent', 'Low'],
        config: {
          mappings: [
            {
              type: MappingType.ValueToText,
              options: {
                Low: { index: 0, color: 'blue' },
                High: { index: 1, color: 'orange' },
                Urgent: { index: 2, color: 'red' },
              },
            },
          ],
        },
      },
      {
        name: 'opened',
        type: FieldType.time,
        values: [Date.UTC(2026, 10, 20, 10), null, Date.UTC(2026, 10, 19), Date.UTC(2026, 10, 21)],
      },
      { name: 'url', type: FieldType.string, values: ['u/3', 'u/1', 'u/2', 'u/10'] },
    ],
  });
}

describe('cell text', () => {
  it('formats times as RFC 3339 UTC without fractions and nulls as empty', () => {
    expect(rfc3339(Date.UTC(2026, 10, 20, 10, 0, 0, 999))).toBe('2026-11-20T10:00:00Z');
    expect(cellText('time', null)).toBe('');
    expect(cellText('number', 42)).toBe('42');
    expect(cellText('number', 1.5)).toBe('1.5');
  });
});

describe('search tokens', () => {
  it('splits words, phrases and field terms', () => {
    expect(tokenizeSearch(' a  "b c" title:"d e" svc:x "open')).toEqual([
      { value: 'a', raw: 'a' },
      { value: 'b c', raw: 'b c' },
      { field: 'title', value: 'd e', raw: 'title:d e' },
      { field: 'svc', value: 'x', raw: 'svc:x' },
      { value: 'open', raw: 'open' },
    ]);
  });

  it('resolves known fields ignoring case and leaves unknown ones as ordinary terms', () => {
    const index = new FrameIndex(frame());
    const terms = parseSearch('TITLE:check foo:bar', index);
    expect(terms[0].column?.key).toBe('title');
    expect(terms[1]).toEqual({ needle: 'foo:bar' });
  });

  it('returns merged highlight ranges for the terms that apply to a column', () => {
    const index = new FrameIndex(frame());
    const title = index.column('title')!;
    const url = index.column('url')!;
    const terms = parseSearch('check checkout down', index);
    expect(matchRanges('Checkout down', terms, title)).toEqual([
      [0, 8],
      [9, 13],
    ]);
    expect(matchRanges('checkout', terms, url)).toEqual([]);
    expect(matchRanges('Checkout down', parseSearch('id:check', index), title)).toEqual([]);
  });
});

describe('sort', () => {
  it('sorts numbers numerically, by several keys, and mapped values by mapping order', () => {
    const index = new FrameIndex(frame());
    expect(Array.from(sortRows(index, [{ key: 'id', desc: false }]))).toEqual([1, 2, 0, 3]);
    expect(Array.from(sortRows(index, [{ key: 'severity', desc: true }]))).toEqual([2, 0, 1, 3]);
    expect(
      Array.from(
        sortRows(index, [
          { key: 'severity', desc: false },
          { key: 'id', desc: true },
        ])
      )
    ).toEqual([3, 1, 0, 2]);
  });

  it('puts null times last ascending', () => {
    const index = new FrameIndex(frame());
    expect(Array.from(sortRows(index, [{ key: 'opened', desc: false }]))).toEqual([2, 0, 3, 1]);
  });
});

describe('evaluate', () => {
  const index = new FrameIndex(frame());
  const order = sortRows(index, []);

  it('keeps search non-matches (grayed) unless hidden, and counts matches', () => {
    const grayed = evaluate({ index, order, search: 'checkout', hideNonMatching: false });
    expect(Array.from(grayed.rows)).toEqual([0, 1, 2, 3]);
    expect(Array.from(grayed.matches)).toEqual([1, 0, 1, 0]);
    expect(grayed.matchCount).toBe(2);
    const hidden = evaluate({ index, order, search: 'checkout', hideNonMatching: true });
    expect(Array.from(hidden.rows)).toEqual([0, 2]);
  });

  it('applies the filter before the search and reports a bad filter instead of throwing', () => {
    const ok = evaluate({
      index,
      order,
      filter: { key: 'severity', operator: '!=', value: 'Low' },
      search: '',
      hideNonMatching: false,
    });
    expect(Array.from(ok.rows)).toEqual([0, 2]);
    expect(ok.filteredCount).toBe(2);
    const bad = evaluate({
      index,
      order,
      filter: { key: 'title', operator: '=~', value: '(' },
      search: '',
      hideNonMatching: false,
    });
    expect(bad.error).toContain('invalid regex');
    expect(bad.rows.length).toBe(4);
  });
});

describe('regex', () => {
  it('anchors and honours a leading (?i)', () => {
    expect(anchoredRegex('ab', 'k').test('xab')).toBe(false);
    expect(anchoredRegex('(?i)ab', 'k').test('AB')).toBe(true);
  });
});
