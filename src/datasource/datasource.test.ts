/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { type AdHocVariableFilter, type DataQueryRequest, dateTime, FieldType, type DataFrame } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { type FilterCondition } from '../shared/filterModel';
import { http, HttpResponse, setupServer } from './test/msw';
import { FIELDS, installBackendSrv, installTemplateSrv, newDataSource, RESOURCES } from './test/helpers';
import { type SpacetimeQuery, type SpacetimeVariableQuery } from './types';

const requests: URL[] = [];
const server = setupServer(
  http.get(`${RESOURCES}/fields`, ({ request }) => {
    requests.push(new URL(request.url));
    return HttpResponse.json(FIELDS);
  }),
  http.get(`${RESOURCES}/values`, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    if (url.searchParams.get('field') === 'nope') {
      return HttpResponse.json({ message: 'unknown field "nope"' }, { status: 400 });
    }
    return HttpResponse.json([
      { value: 'checkout', count: 40 },
      { value: 'payments', count: 12 },
      { value: '', count: 3 },
    ]);
  })
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

beforeEach(() => {
  installBackendSrv();
  installTemplateSrv({
    service: { current: 'checkout' },
    services: { current: ['checkout', 'payments'] },
    all: { current: '$__all', options: ['checkout', 'payments', 'search'] },
    allCustom: { current: '$__all', options: ['a', 'b'], allValue: '.*' },
    field: { current: 'region' },
    dims: { current: ['service', 'region'] },
    pattern: { current: 'check.*' },
    limit: { current: '250' },
  });
});

const base: SpacetimeQuery = { refId: 'A', queryType: 'tickets' };

function apply(query: Partial<SpacetimeQuery>, filters?: AdHocVariableFilter[], jsonData = {}) {
  return newDataSource(jsonData).applyTemplateVariables({ ...base, ...query }, {}, filters);
}

function cond(c: FilterCondition) {
  return { ...base, filter: c };
}

describe('applyTemplateVariables: template variables', () => {
  test('a single-value variable is replaced in key and value', () => {
    const q = apply(cond({ key: '$field', operator: '=', value: '$service' }));
    expect(q.filter).toEqual({ key: 'region', operator: '=', value: 'checkout' });
  });

  test('a multi-value variable in = becomes =| with each value, in != becomes !=|', () => {
    expect(apply(cond({ key: 'service', operator: '=', value: '$services' })).filter).toEqual({
      key: 'service',
      operator: '=|',
      values: ['checkout', 'payments'],
    });
    expect(apply(cond({ key: 'service', operator: '!=', value: '${services}' })).filter).toEqual({
      key: 'service',
      operator: '!=|',
      values: ['checkout', 'payments'],
    });
  });

  test('"All" without a custom all value sends every value; with one, the custom value', () => {
    expect(apply(cond({ key: 'service', operator: '=', value: '$all' })).filter).toEqual({
      key: 'service',
      operator: '=|',
      values: ['checkout', 'payments', 'search'],
    });
    expect(apply(cond({ key: 'service', operator: '=~', value: '$allCustom' })).filter).toEqual({
      key: 'service',
      operator: '=~',
      value: '.*',
    });
  });

  test('=| values expand multi-value variables among literal values', () => {
    const q = apply(cond({ key: 'service', operator: '=|', values: ['$services', 'search'] }));
    expect(q.filter).toEqual({ key: 'service', operator: '=|', values: ['checkout', 'payments', 'search'] });
  });

  test('a regex gets a multi-value variable as an escaped alternation and a single value as written', () => {
    installTemplateSrv({ hosts: { current: ['a.b', 'c+d'] }, pattern: { current: 'check.*' } });
    expect(apply(cond({ key: 'service', operator: '=~', value: '$hosts' })).filter).toEqual({
      key: 'service',
      operator: '=~',
      value: '(a\\.b|c\\+d)',
    });
    expect(apply(cond({ key: 'service', operator: '!~', value: '(?i)$pattern' })).filter).toEqual({
      key: 'service',
      operator: '!~',
      value: '(?i)check.*',
    });
  });

  test('variables are replaced inside nested groups, and values mixing text and a variable stay one value', () => {
    const q = apply({
      filter: {
        op: 'or',
        filters: [
          { op: 'not', filters: [{ key: 'title', operator: '=', value: 'outage in $service' }] },
          { key: 'id', operator: '>', value: '$limit' },
        ],
      },
    });
    expect(q.filter).toEqual({
      op: 'or',
      filters: [
        { op: 'not', filters: [{ key: 'title', operator: '=', value: 'outage in checkout' }] },
        { key: 'id', operator: '>', value: '250' },
      ],
    });
  });

  test('search, group by, bucket, sort and numeric settings are interpolated', () => {
    const q = apply({
      queryType: 'timeseries',
      search: 'timeout $service',
      groupBy: ['$dims', 'severity'],
      bucket: '${limit}s',
      sort: [{ field: '$field', desc: true }],
      limit: '$limit' as unknown as number,
    });
    expect(q.search).toBe('timeout checkout');
    expect(q.groupBy).toEqual(['service', 'region', 'severity']);
    expect(q.bucket).toBe('250s');
    expect(q.sort).toEqual([{ field: 'region', desc: true }]);
    expect(q.limit).toBe(250);
  });

  test('a query without variables or filters comes back unchanged', () => {
    const query: SpacetimeQuery = { ...base, limit: 10, filter: { key: 'service', operator: '=', value: 'x' } };
    expect(newDataSource().applyTemplateVariables(query, {})).toEqual(query);
  });

  test('scoped variables (repeated panels) win over dashboard variables', () => {
    const q = newDataSource().applyTemplateVariables(
      { ...base, filter: { key: 'service', operator: '=', value: '$service' } },
      { service: { text: 'payments', value: 'payments' } }
    );
    expect(q.filter).toEqual({ key: 'service', operator: '=', value: 'payments' });
  });
});

describe('applyTemplateVariables: ad hoc filters', () => {
  test.each<[AdHocVariableFilter, FilterCondition]>([
    [{ key: 'service', operator: '=', value: 'checkout' }, { key: 'service', operator: '=', value: 'checkout' }],
    [{ key: 'service', operator: '!=', value: 'checkout' }, { key: 'service', operator: '!=', value: 'checkout' }],
    [{ key: 'service', operator: '=~', value: 'check.*' }, { key: 'service', operator: '=~', value: 'check.*' }],
    [{ key: 'service', operator: '!~', value: 'check.*' }, { key: 'service', operator: '!~', value: 'check.*' }],
    [
      { key: 'service', operator: '=|', value: 'checkout', values: ['checkout', 'payments'] },
      { key: 'service', operator: '=|', values: ['checkout', 'payments'] },
    ],
    [
      { key: 'service', operator: '!=|', value: 'checkout', values: ['checkout', 'payments'] },
      { key: 'service', operator: '!=|', values: ['checkout', 'payments'] },
    ],
    [{ key: 'id', operator: '<', value: '100' }, { key: 'id', operator: '<', value: '100' }],
    [{ key: 'opened', operator: '>', value: '2026-11-20T10:00:00Z' }, { key: 'opened', operator: '>', value: '2026-11-20T10:00:00Z' }],
  ])('%j is written into filters as %j', (adhoc, expected) => {
    expect(apply({}, [adhoc]).filters).toEqual([expected]);
  });

  test('=| without values uses its single value', () => {
    expect(apply({}, [{ key: 'service', operator: '=|', value: 'checkout' }]).filters).toEqual([
      { key: 'service', operator: '=|', values: ['checkout'] },
    ]);
  });

  test('ad hoc filters are appended to the query\'s own filters and leave its filter alone', () => {
    const q = apply(
      { filter: { key: 'state', operator: '=', value: 'open' }, filters: [{ key: 'region', operator: '=', value: '$field' }] },
      [{ key: 'service', operator: '=', value: 'checkout' }]
    );
    expect(q.filter).toEqual({ key: 'state', operator: '=', value: 'open' });
    expect(q.filters).toEqual([
      { key: 'region', operator: '=', value: 'region' },
      { key: 'service', operator: '=', value: 'checkout' },
    ]);
  });

  test('a display name from a table "filter for value" click becomes the field key', () => {
    const q = apply(
      {},
      [
        { key: 'Service', operator: '=', value: 'checkout' },
        { key: 'Team name', operator: '!=', value: 'sre' },
        { key: 'Severity', operator: '=', value: 'High' },
        { key: 'Root cause', operator: '=', value: 'dns' },
      ],
      { fields: [{ key: 'team', name: 'Team name' }] }
    );
    expect(q.filters).toEqual([
      { key: 'service', operator: '=', value: 'checkout' },
      { key: 'team', operator: '!=', value: 'sre' },
      { key: 'severity', operator: '=', value: 'High' },
      { key: 'root_cause', operator: '=', value: 'dns' },
    ]);
  });

  test('once fields are loaded, display names map through them and unknown keys pass through for the backend to name', async () => {
    const ds = newDataSource();
    await ds.getFields();
    const q = ds.applyTemplateVariables(base, {}, [
      { key: 'Region', operator: '=', value: 'eu' },
      { key: 'Nope Field', operator: '=', value: 'x' },
    ]);
    expect(q.filters).toEqual([
      { key: 'region', operator: '=', value: 'eu' },
      { key: 'Nope Field', operator: '=', value: 'x' },
    ]);
  });

  test('a time cell clicked in a table (epoch ms) is compared as RFC 3339 text', () => {
    const ms = Date.parse('2026-11-20T10:00:00Z');
    expect(apply({}, [{ key: 'Opened', operator: '=', value: String(ms) }]).filters).toEqual([
      { key: 'opened', operator: '=', value: '2026-11-20T10:00:00Z' },
    ]);
    // < and > take epoch milliseconds as they are.
    expect(apply({}, [{ key: 'opened', operator: '<', value: String(ms) }]).filters).toEqual([
      { key: 'opened', operator: '<', value: String(ms) },
    ]);
  });

  test('without ad hoc filters no filters key is written', () => {
    expect(apply({}, [])).not.toHaveProperty('filters');
  });
});

describe('resources', () => {
  test('getTagKeys lists fields by display name, without description and url', async () => {
    const keys = await newDataSource().getTagKeys({ filters: [] });
    expect(keys.map((k) => k.value)).toEqual(['id', 'title', 'severity', 'status', 'state', 'opened', 'updated', 'resolved', 'service', 'region']);
    expect(keys.find((k) => k.value === 'service')?.text).toBe('Service');
  });

  test('getTagValues sends the time range and the other ad hoc filters, not the key\'s own', async () => {
    const from = dateTime('2026-11-20T00:00:00Z');
    const to = dateTime('2026-11-21T00:00:00Z');
    const values = await newDataSource().getTagValues({
      key: 'service',
      filters: [
        { key: 'region', operator: '=~', value: 'eu-.*' },
        { key: 'service', operator: '=', value: 'checkout' },
      ],
      timeRange: { from, to, raw: { from, to } },
    });
    expect(values).toEqual([
      { text: 'checkout', value: 'checkout' },
      { text: 'payments', value: 'payments' },
      { text: '(empty)', value: '' },
    ]);
    const url = requests.find((u) => u.pathname.endsWith('/values'))!;
    expect(url.searchParams.get('field')).toBe('service');
    expect(url.searchParams.get('from')).toBe(String(from.valueOf()));
    expect(url.searchParams.get('to')).toBe(String(to.valueOf()));
    expect(JSON.parse(url.searchParams.get('filters')!)).toEqual([{ key: 'region', operator: '=~', value: 'eu-.*' }]);
  });

  test('fields are fetched once per datasource', async () => {
    const ds = newDataSource();
    await ds.getFields();
    await ds.getTagKeys({ filters: [] });
    expect(requests.filter((u) => u.pathname.endsWith('/fields'))).toHaveLength(1);
  });

  test('a failing values call rejects with the backend\'s message', async () => {
    await expect(newDataSource().getValues('nope')).rejects.toMatchObject({ data: { message: 'unknown field "nope"' } });
  });
});

describe('variables', () => {
  function request(q: SpacetimeVariableQuery): DataQueryRequest<SpacetimeVariableQuery> {
    const from = dateTime('2026-11-20T00:00:00Z');
    const to = dateTime('2026-11-21T00:00:00Z');
    return { targets: [q], range: { from, to, raw: { from, to } }, scopedVars: {} } as unknown as DataQueryRequest<SpacetimeVariableQuery>;
  }

  test('the values of a field become the variable\'s options, narrowed by conditions with variables replaced', async () => {
    const support = newDataSource().variables as unknown as {
      query: (r: DataQueryRequest<SpacetimeVariableQuery>) => import('rxjs').Observable<{ data: DataFrame[] }>;
    };
    const res = await lastValueFrom(
      support.query(request({ refId: 'V', field: 'service', filters: [{ key: 'region', operator: '=', value: '$field' }], search: 'down' }))
    );
    const frame = res.data[0];
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['text', FieldType.string],
      ['value', FieldType.string],
    ]);
    expect(frame.fields[0].values).toEqual(['checkout', 'payments', '']);
    const url = requests.find((u) => u.pathname.endsWith('/values'))!;
    expect(url.searchParams.get('field')).toBe('service');
    expect(url.searchParams.get('search')).toBe('down');
    expect(JSON.parse(url.searchParams.get('filters')!)).toEqual([{ key: 'region', operator: '=', value: 'region' }]);
  });

  test('without a field there are no options and no request', async () => {
    const support = newDataSource().variables as unknown as {
      query: (r: DataQueryRequest<SpacetimeVariableQuery>) => import('rxjs').Observable<{ data: DataFrame[] }>;
    };
    expect((await lastValueFrom(support.query(request({ refId: 'V' })))).data).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});
