/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { installBackendSrv, newDataSource, RESOURCES } from '../test/helpers';
import { renderEditor } from '../test/renderEditor';
import { QueryEditor } from '../components/QueryEditor';
import { type SpacetimeQuery } from '../types';

// The backend's fields resource for the test cluster's mapping (tests/clickhouse).
const FIELDS = [
  { key: 'chain', name: 'Chain', type: 'string' },
  { key: 'step', name: 'Step', type: 'string' },
  { key: 'client', name: 'Client', type: 'string' },
  { key: 'outcome', name: 'Outcome', type: 'string' },
  { key: 'duration', name: 'Duration', type: 'number' },
  { key: 'retries', name: 'Retries', type: 'number' },
];

const server = setupServer(
  http.get(`${RESOURCES}/fields`, () => HttpResponse.json(FIELDS)),
  http.get(`${RESOURCES}/values`, () => HttpResponse.json([{ value: 'payment.authorize', count: 9 }]))
);

jest.setTimeout(30000);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

async function setup(initial: Partial<SpacetimeQuery> = {}) {
  const onRunQuery = jest.fn();
  const datasource = newDataSource({ system: 'clickhouse' });
  const latest = await renderEditor(QueryEditor, { refId: 'A', queryType: 'chains', ...initial } as SpacetimeQuery, {
    datasource,
    onRunQuery,
  });
  return { latest, onRunQuery, datasource };
}

describe('query editor of a ClickHouse (operation logs) data source', () => {
  test('offers the chain query types, not the ticket ones, and chains by default', async () => {
    const { datasource } = await setup();
    expect(datasource.getDefaultQuery()).toEqual({ queryType: 'chains' });
    for (const name of ['Chains', 'Latency', 'Steps', 'Clients', 'Chain']) {
      expect(screen.getByRole('radio', { name })).toBeInTheDocument();
    }
    expect(screen.queryByRole('radio', { name: 'Tickets' })).not.toBeInTheDocument();
  });

  test('latency: group by client and the quantiles go into the query and run it', async () => {
    const { latest, onRunQuery } = await setup();
    await userEvent.click(screen.getByRole('radio', { name: 'Latency' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Client' }));
    expect(latest.current).toMatchObject({ queryType: 'chainLatency', groupBy: ['client'] });
    expect(onRunQuery).toHaveBeenCalled();
  });

  test('the chain query needs a chain id, and a variable is accepted', async () => {
    const { latest, onRunQuery } = await setup({ queryType: 'chain' });
    expect(screen.getByText('Enter a chain id (or a variable like $chain)')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Chain id/), '$chain');
    await userEvent.tab();
    expect(latest.current.chain).toBe('$chain');
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  test('the filter builder uses the engine fields; a limit out of range does not run', async () => {
    const { latest, onRunQuery } = await setup({ filter: { key: 'retries', operator: '>', value: '0' } });
    expect(screen.queryByText(/Unknown field/)).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Limit/), { target: { value: '20000' } });
    fireEvent.blur(screen.getByLabelText(/^Limit/));
    expect(screen.getByText('Limit must be a whole number from 1 to 10000')).toBeInTheDocument();
    expect(onRunQuery).not.toHaveBeenCalled();
    expect(latest.current.filter).toEqual({ key: 'retries', operator: '>', value: '0' });
  });
});
