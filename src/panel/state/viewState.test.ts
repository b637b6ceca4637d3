import { columnFilterToNode, columnFiltersToNode, describeColumnFilter, escapeRegex } from './columnFilters';
import { type ViewState, keepUnchanged, parseViewState, viewStateToParams } from './viewState';

describe('URL state', () => {
  const full: ViewState = {
    sort: [
      { key: 'severity', desc: true },
      { key: 'a,b%', desc: false },
    ],
    search: 'checkout "bad gateway" service:api',
    filters: [
      { key: 'service', kind: 'values', values: ['checkout', ''] },
      { key: 'title', kind: 'regex', text: '.*502.*', negate: true },
    ],
    order: ['title', 'id'],
    hidden: ['url'],
    widths: { title: 320, 'a:b,c': 90 },
    expanded: '1003',
    hideNonMatching: true,
    match: 'OPS-12',
  };

  it('round-trips through URL parameters', () => {
    const params = viewStateToParams(full, '7');
    expect(params['tt7.sort']).toBe('-severity,a%2Cb%25');
    const back = parseViewState(params as Record<string, string>, '7');
    expect(back).toEqual(full);
  });

  it('removes parameters of default parts and ignores other panels', () => {
    const params = viewStateToParams({ sort: [], search: '', filters: [] }, '7');
    expect(Object.values(params).every((v) => v === null)).toBe(true);
    expect(parseViewState({ 'tt8.q': 'x' }, '7')).toEqual({ sort: [], search: '', filters: [] });
  });

  it('keeps only readable column widths from a hand-edited link', () => {
    expect(parseViewState({ 'tt1.w': 'title:320,id:x,impact:5,:80,opened:99999,service:120' }, '1').widths).toEqual({
      title: 320,
      service: 120,
    });
    expect(parseViewState({ 'tt1.w': 'id:x' }, '1').widths).toBeUndefined();
  });

  it('keeps the current match only with a search', () => {
    expect(parseViewState({ 'tt1.q': 'disk', 'tt1.match': '1003' }, '1').match).toBe('1003');
    expect(parseViewState({ 'tt1.match': '1003' }, '1').match).toBeUndefined();
    expect(viewStateToParams({ ...full, search: '' }, '1')['tt1.match']).toBeNull();
  });

  it('survives broken hand-edited filters', () => {
    expect(parseViewState({ 'tt1.f': '[{"key":' }, '1').filters).toEqual([]);
    expect(
      parseViewState({ 'tt1.f': '[{"key":"a","kind":"nope"},{"key":"b","kind":"contains","text":"x"}]' }, '1').filters
    ).toEqual([{ key: 'b', kind: 'contains', text: 'x' }]);
  });
});

describe('column filters', () => {
  it('compile to the shared model', () => {
    expect(columnFilterToNode({ key: 's', kind: 'values', values: ['a', 'b'] })).toEqual({
      key: 's',
      operator: '=|',
      values: ['a', 'b'],
    });
    expect(columnFilterToNode({ key: 's', kind: 'values', values: ['a'], negate: true })).toEqual({
      key: 's',
      operator: '!=|',
      values: ['a'],
    });
    expect(columnFilterToNode({ key: 't', kind: 'contains', text: 'a.b' })).toEqual({
      key: 't',
      operator: '=~',
      value: '(?is).*a\\.b.*',
    });
    expect(columnFilterToNode({ key: 'n', kind: 'range', min: '1', max: '5', negate: true })).toEqual({
      op: 'not',
      filters: [
        {
          op: 'and',
          filters: [
            { key: 'n', operator: '>', value: '1' },
            { key: 'n', operator: '<', value: '5' },
          ],
        },
      ],
    });
    expect(columnFilterToNode({ key: 'n', kind: 'range' })).toBeUndefined();
    expect(columnFiltersToNode([])).toBeUndefined();
  });

  it('escape only regex syntax', () => {
    expect(escapeRegex('a-b/c(d)')).toBe('a-b/c\\(d\\)');
  });

  it('describe themselves', () => {
    expect(describeColumnFilter({ key: 's', kind: 'values', values: ['a', ''] }, 'Service')).toBe(
      'Service is a or (empty)'
    );
    expect(describeColumnFilter({ key: 'i', kind: 'range', min: '10' }, 'Impact')).toBe('Impact > 10');
  });
});

describe('keepUnchanged', () => {
  it('keeps the earlier objects for parts that did not change, and takes the changed ones', () => {
    const prev: ViewState = { sort: [{ key: 'opened', desc: true }], search: 'a', filters: [], order: ['id', 'title'] };
    const next: ViewState = {
      sort: [{ key: 'opened', desc: true }],
      search: 'a',
      filters: [{ key: 'service', kind: 'values', values: ['auth'] }],
      order: ['title', 'id'],
    };
    const kept = keepUnchanged(prev, next);
    expect(kept).toEqual(next);
    expect(kept.sort).toBe(prev.sort);
    expect(kept.filters).toBe(next.filters);
    expect(kept.order).toBe(next.order);
  });
});
