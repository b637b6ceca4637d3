/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { type DataFrame, type DataQueryRequest, dateTime } from '@grafana/data';
import { lastValueFrom, type Observable } from 'rxjs';

import { http, HttpResponse, setupServer } from '../test/msw';
import { installBackendSrv, installTemplateSrv, newDataSource, RESOURCES } from '../test/helpers';
import { type SpacetimeVariableQuery } from '../types';

// A ClickHouse (operation logs) data source in the browser: the same resources and template handling as for
// tickets, with the log engine's fields (pkg/logengine/clickhouse/resources.go).
const FIELDS = [
  { key: 'chain', name: 'Chain', type: 'string' },
  { key: 'client', name: 'Client', type: 'string' },
  { key: 'duration', name: 'Duration', type: 'number' },
];
const requests: URL[] = [];
const server = setupServer(
  http.get(`${RESOURCES}/fields`, () => HttpResponse.json(FIELDS)),
  http.get(`${RESOURCES}/values`, ({ request }) => {
    requests.push(new URL(request.url));
    return HttpResponse.json([
      { value: 'client-noisy', count: 500 },
      { value: 'client-01', count: 50 },
    ]);
  })
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  installBackendSrv();
  installTemplateSrv({ chain: { current: '0997A79075355E41' }, clients: { current: ['client-01', 'client-02'] } });
  requests.length = 0;
});

const logs = () => newDataSource({ system: 'clickhouse', clickhouse: { url: 'http://ch:8123', table: 'events' } });

test('ad hoc filter keys and values come from the log engine', async () => {
  const ds = logs();
  expect((await ds.getTagKeys()).map((k) => k.value)).toEqual(['chain', 'client', 'duration']);
  const from = dateTime('2026-12-01T08:00:00Z');
  const to = dateTime('2026-12-01T09:00:00Z');
  const values = await ds.getTagValues({ key: 'client', filters: [], timeRange: { from, to, raw: { from, to } } });
  expect(values.map((v) => v.value)).toEqual(['client-noisy', 'client-01']);
  expect(requests[0].searchParams.get('from')).toBe(String(from.valueOf()));
});

test('a query variable lists the values of a mapped field', async () => {
  const support = logs().variables as unknown as {
    query: (r: DataQueryRequest<SpacetimeVariableQuery>) => Observable<{ data: DataFrame[] }>;
  };
  const request = {
    targets: [{ refId: 'v', field: 'client' }],
    scopedVars: {},
  } as unknown as DataQueryRequest<SpacetimeVariableQuery>;
  const res = await lastValueFrom(support.query(request));
  expect(res.data[0].fields[0].values).toEqual(['client-noisy', 'client-01']);
  expect(requests[0].searchParams.get('field')).toBe('client');
});

test('the chain id, the filters and ad hoc filters are interpolated for the backend', () => {
  const q = logs().applyTemplateVariables(
    { refId: 'A', queryType: 'chain', chain: '$chain', filter: { key: 'client', operator: '=', value: '$clients' } },
    {},
    [{ key: 'duration', operator: '>', value: '2000' }]
  );
  expect(q.chain).toBe('0997A79075355E41');
  expect(q.filter).toEqual({ key: 'client', operator: '=|', values: ['client-01', 'client-02'] });
  expect(q.filters).toEqual([{ key: 'duration', operator: '>', value: '2000' }]);
});
