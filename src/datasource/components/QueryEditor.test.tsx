/** @jest-environment ./src/datasource/test/jsdomWithFetch.js */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http, HttpResponse, setupServer } from '../test/msw';
import { FIELDS, installBackendSrv, RESOURCES } from '../test/helpers';
import { renderEditor } from '../test/renderEditor';
import { type SpacetimeQuery } from '../types';
import { QueryEditor } from './QueryEditor';

const valueRequests: URL[] = [];
const server = setupServer(
  http.get(`${RESOURCES}/fields`, () => HttpResponse.json(FIELDS)),
  http.get(`${RESOURCES}/values`, ({ request }) => {
    valueRequests.push(new URL(request.url));
    return HttpResponse.json([
      { value: 'checkout', count: 40 },
      { value: 'payments', count: 1 },
    ]);
  })
);

// user-event drives comboboxes key by key; on shared CPUs that takes seconds.
jest.setTimeout(30000);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  valueRequests.length = 0;
});
afterAll(() => server.close());
beforeEach(() => installBackendSrv());

async function setup(initial: Partial<SpacetimeQuery> = {}) {
  const onRunQuery = jest.fn();
  const initialQuery = { refId: 'A', queryType: 'tickets', ...initial } as SpacetimeQuery;
  const latest = await renderEditor(QueryEditor, initialQuery, { onRunQuery });
  return { latest, onRunQuery };
}

async function choose(combobox: HTMLElement, option: string | RegExp) {
  await userEvent.click(combobox);
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('QueryEditor', () => {
  test('each query type shows its own settings', async () => {
    await setup();
    expect(screen.getByLabelText(/^Limit/)).toBeInTheDocument();
    expect(screen.queryByText('Bucket')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Time series' }));
    expect(screen.getByText('Bucket')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Open' })).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Limit/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Stats' }));
    expect(screen.getByRole('combobox', { name: /^Stats/ })).toBeInTheDocument();
    expect(screen.queryByText('Bucket')).not.toBeInTheDocument();
  });

  test('a breakdown without a group-by field says so and does not run; choosing one runs it', async () => {
    const { latest, onRunQuery } = await setup();
    await userEvent.click(screen.getByRole('radio', { name: 'Breakdown' }));
    expect(latest.current.queryType).toBe('breakdown');
    expect(screen.getByText('Breakdown needs a field to group by')).toBeInTheDocument();
    expect(onRunQuery).not.toHaveBeenCalled();

    const groupBy = screen.getByLabelText(/^Group by/);
    await userEvent.type(groupBy, 'e');
    // Only fields worth grouping by are offered: dimensions and categorical fixed fields.
    expect(await screen.findByRole('option', { name: /Service/ })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /Title/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: /Service/ }));
    expect(latest.current.groupBy).toEqual(['service']);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Breakdown needs a field to group by')).not.toBeInTheDocument();
  });

  test("building a condition: field from the backend's fields, value suggested from its values", async () => {
    const { latest, onRunQuery } = await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Add condition' }));
    expect(latest.current.filter).toEqual({ op: 'and', filters: [{ key: '', operator: '=', value: '' }] });
    expect(screen.getByText('Choose a field')).toBeInTheDocument();
    expect(onRunQuery).not.toHaveBeenCalled();

    // The menu is virtualized: type to narrow it, as a user with many fields would.
    await userEvent.type(screen.getByRole('combobox', { name: 'Field' }), 'serv');
    await userEvent.click(await screen.findByRole('option', { name: /Service/ }));
    await userEvent.click(screen.getByRole('combobox', { name: 'Value' }));
    const option = await screen.findByRole('option', { name: /checkout/ });
    expect(option).toHaveTextContent('40 tickets');
    await userEvent.click(option);

    expect(latest.current.filter).toEqual({
      op: 'and',
      filters: [{ key: 'service', operator: '=', value: 'checkout' }],
    });
    expect(onRunQuery).toHaveBeenCalled();
    expect(valueRequests[0].searchParams.get('field')).toBe('service');
  });

  test('=| takes several values', async () => {
    const { latest } = await setup({ filter: { key: 'service', operator: '=|', values: ['payments'] } });
    await choose(screen.getByRole('combobox', { name: 'Value' }), /checkout/);
    expect(latest.current.filter).toEqual({
      op: 'and',
      filters: [{ key: 'service', operator: '=|', values: ['payments', 'checkout'] }],
    });
  });

  test('changing the operator keeps the value, and =| turns it into a list', async () => {
    const { latest } = await setup({ filter: { key: 'service', operator: '=', value: 'checkout' } });
    await choose(screen.getByRole('combobox', { name: 'Operator' }), /^!=\|/);
    expect(latest.current.filter).toEqual({
      op: 'and',
      filters: [{ key: 'service', operator: '!=|', values: ['checkout'] }],
    });
  });

  test('a regex is validated as you type and the query only runs once it is valid', async () => {
    const { latest, onRunQuery } = await setup({ filter: { key: 'service', operator: '=~', value: '' } });
    const input = screen.getByRole('textbox', { name: 'Value' });
    await userEvent.type(input, 'check(');
    expect(screen.getByText(/Regular expression "check\(" is not valid/)).toBeInTheDocument();
    const runsWhileInvalid = onRunQuery.mock.calls.length;
    await userEvent.type(input, ')');
    expect(screen.queryByText(/is not valid/)).not.toBeInTheDocument();
    expect(latest.current.filter).toEqual({
      op: 'and',
      filters: [{ key: 'service', operator: '=~', value: 'check()' }],
    });
    expect(onRunQuery.mock.calls.length).toBeGreaterThan(runsWhileInvalid);
  });

  test('an unknown field is flagged once the fields are loaded', async () => {
    await setup({ filter: { key: 'team', operator: '=', value: 'sre' } });
    expect(await screen.findByText('Unknown field "team"')).toBeInTheDocument();
  });

  test('groups: OR groups nest, and the root can become NOT', async () => {
    const { latest } = await setup({ filter: { key: 'state', operator: '=', value: 'open' } });
    await userEvent.click(screen.getByRole('button', { name: 'Add group' }));
    expect(latest.current.filter).toEqual({
      op: 'and',
      filters: [
        { key: 'state', operator: '=', value: 'open' },
        { op: 'or', filters: [{ key: '', operator: '=', value: '' }] },
      ],
    });
    const root = screen.getByRole('group', { name: 'Filter' });
    await userEvent.click(within(root).getAllByRole('radio', { name: 'NOT' })[0]);
    expect(latest.current.filter).toMatchObject({ op: 'not' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove group' }));
    expect(latest.current.filter).toEqual({ op: 'not', filters: [{ key: 'state', operator: '=', value: 'open' }] });
  });

  test('removing the last condition removes the filter', async () => {
    const { latest } = await setup({ filter: { key: 'state', operator: '=', value: 'open' } });
    await userEvent.click(screen.getByRole('button', { name: 'Remove condition' }));
    expect(latest.current).not.toHaveProperty('filter');
  });

  test('search and limit run on blur; a limit out of range is flagged and does not run', async () => {
    const { latest, onRunQuery } = await setup();
    await userEvent.type(screen.getByLabelText(/^Search/), 'timeout');
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(latest.current.search).toBe('timeout');
    expect(onRunQuery).toHaveBeenCalledTimes(1);

    const limit = screen.getByLabelText(/^Limit/);
    await userEvent.type(limit, '0');
    await userEvent.tab();
    expect(screen.getByText('Limit must be a whole number from 1 to 100000')).toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  test('time field and sort', async () => {
    const { latest } = await setup();
    await userEvent.click(screen.getByRole('radio', { name: 'Resolved' }));
    expect(latest.current.timeField).toBe('resolved');
    await userEvent.click(screen.getByRole('button', { name: 'Add sort field' }));
    expect(latest.current.sort).toEqual([{ field: 'updated', desc: true }]);
    await userEvent.click(screen.getByRole('radio', { name: 'Ascending' }));
    expect(latest.current.sort).toEqual([{ field: 'updated', desc: false }]);
  });

  test('What changed compares with a baseline; the previous days ask how many days', async () => {
    const { latest } = await setup({ queryType: 'contrast' });
    expect(screen.queryByLabelText('Days')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Same time, previous days' }));
    expect(latest.current.baseline).toBe('seasonal');
    const days = screen.getByLabelText('Days');
    await userEvent.type(days, '3');
    expect(latest.current.seasonalDays).toBe(3);
  });

  test('a custom bucket that is not a duration is flagged', async () => {
    await setup({ queryType: 'timeseries', bucket: '5 minutes' });
    expect(screen.getByText('Bucket "5 minutes" is not a duration like 5m, 1h or 1d (or auto)')).toBeInTheDocument();
  });

  test('the code view shows the query JSON and applies valid edits, keeping refId', async () => {
    const { latest } = await setup({ search: 'db', limit: 5 });
    await userEvent.click(screen.getByRole('radio', { name: 'Code' }));
    const box = screen.getByLabelText(/^Query JSON/) as HTMLTextAreaElement;
    expect(JSON.parse(box.value)).toEqual({ queryType: 'tickets', search: 'db', limit: 5 });

    fireEvent.change(box, { target: { value: '{"queryType": "stats",' } });
    fireEvent.blur(box);
    expect(screen.getByText(/The query JSON is not valid/)).toBeInTheDocument();
    expect(latest.current.queryType).toBe('tickets');

    fireEvent.change(box, { target: { value: '{"queryType": "stats", "stats": ["open"]}' } });
    fireEvent.blur(box);
    expect(latest.current).toEqual({ refId: 'A', queryType: 'stats', stats: ['open'] });
    await waitFor(() => expect(screen.queryByText(/not valid/)).not.toBeInTheDocument());
  });
});
